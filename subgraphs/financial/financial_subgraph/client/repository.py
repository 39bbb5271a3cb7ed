from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, or_, select, tuple_
from sqlalchemy.orm import selectinload

from financial_subgraph.client.models import Client
from service_runtime.repository import Repository


@dataclass(frozen=True)
class ClientFilter:
    organization_id: uuid.UUID
    search: str | None = None
    include_archived: bool = False


def escape_like(text: str) -> str:
    """`text` as a literal inside an ILIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ClientRepository(Repository[Client]):
    """Every query names the organisation: tenant scoping never depends on RLS alone."""

    model = Client

    def _scoped(self, organization_id: uuid.UUID) -> Select[Client]:
        return (
            select(Client)
            .where(Client.organization_id == organization_id)
            .options(selectinload(Client.contacts))
        )

    async def in_organization(self, organization_id: uuid.UUID, id_: uuid.UUID) -> Client | None:
        """The client with its contacts, None when absent or another organisation's."""
        statement = self._scoped(organization_id).where(Client.id == id_)
        # populate_existing: a row already in the session gets its contacts loaded too.
        row: Client | None = await self.session.scalar(
            statement.execution_options(populate_existing=True)
        )
        return row

    async def by_ids_in_organization(
        self, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
    ) -> list[Client | None]:
        rows = await self.session.scalars(self._scoped(organization_id).where(Client.id.in_(ids)))
        found = {row.id: row for row in rows}
        return [found.get(id_) for id_ in ids]

    async def page(
        self, where: ClientFilter, after: tuple[str, uuid.UUID] | None, limit: int
    ) -> list[Client]:
        """Up to `limit` clients in (name, id) order, strictly after the `after` key."""
        statement = self._scoped(where.organization_id)
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
