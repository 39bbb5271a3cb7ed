from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, tuple_
from sqlalchemy.orm import selectinload

from financial_subgraph.client.models import Client
from service_runtime.repository import TenantRepository


@dataclass(frozen=True)
class ClientFilter:
    search: str | None = None
    include_archived: bool = False


def escape_like(text: str) -> str:
    """`text` as a literal inside an ILIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ClientRepository(TenantRepository[Client]):
    """The organisation's clients, each with its contacts."""

    model = Client

    def options(self) -> tuple[Any, ...]:
        return (selectinload(Client.contacts),)

    async def page(
        self, where: ClientFilter, after: tuple[str, uuid.UUID] | None, limit: int
    ) -> list[Client]:
        """Up to `limit` clients in (name, id) order, strictly after the `after` key."""
        statement = self.scoped()
        if not where.include_archived:
            statement = statement.where(Client.archived_at.is_(None))
        if where.search:
            pattern = f"%{escape_like(where.search)}%"
            statement = statement.where(
                or_(
                    Client.name.ilike(pattern, escape="\\"),
                    Client.email.ilike(pattern, escape="\\"),
                )
            )
        if after is not None:
            statement = statement.where(tuple_(Client.name, Client.id) > tuple_(*after))
        statement = statement.order_by(Client.name, Client.id).limit(limit)
        return list((await self.session.scalars(statement)).all())
