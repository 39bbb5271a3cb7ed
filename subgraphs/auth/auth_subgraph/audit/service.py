"""Reading the organisation's audit log (written by service_runtime.audit in every service)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.audit.repository import AuditLogRepository
from auth_subgraph.audit.repository import AuditQuery as AuditQuery  # for resolvers


async def audit_page(
    session: AsyncSession, query: AuditQuery, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> Sequence[Row[Any]]:
    """Up to `limit` entries, newest first, after the (occurred_at, id) key `after`."""
    return await AuditLogRepository(session).page(query, after, limit)
