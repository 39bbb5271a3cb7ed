"""Reads of `monitoring.audit_log` (auth_svc may SELECT it; row-level security also limits a
session to the organisation it is scoped to)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.audit import audit_log


@dataclass(frozen=True)
class AuditQuery:
    organization_id: uuid.UUID
    service: str | None = None
    mutation: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        column = audit_log.c
        conditions = [column.organization_id == self.organization_id]
        if self.service is not None:
            conditions.append(column.service == self.service)
        if self.mutation is not None:
            conditions.append(column.mutation == self.mutation)
        if self.outcome is not None:
            conditions.append(column.outcome == self.outcome)
        if self.since is not None:
            conditions.append(column.occurred_at >= self.since)
        if self.until is not None:
            conditions.append(column.occurred_at < self.until)
        return conditions


class AuditLogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, query: AuditQuery, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> Sequence[Row[Any]]:
        """Newest first; `after` is the (occurred_at, id) of the previous page's last entry."""
        column = audit_log.c
        statement = select(audit_log).where(*query.conditions())
        if after is not None:
            statement = statement.where(tuple_(column.occurred_at, column.id) < tuple_(*after))
        statement = statement.order_by(column.occurred_at.desc(), column.id.desc()).limit(limit)
        return (await self.session.execute(statement)).all()
