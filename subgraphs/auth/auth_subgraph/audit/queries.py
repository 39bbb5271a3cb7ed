from __future__ import annotations

import strawberry

from auth_subgraph.audit.pagination import decode_cursor, encode_cursor
from auth_subgraph.audit.service import AuditQuery, audit_page
from auth_subgraph.audit.types import (
    AuditEntry,
    AuditEntryEdge,
    AuditLogConnection,
    AuditLogFilter,
    PageInfo,
)
from auth_subgraph.context import Info
from auth_subgraph.scopes import ORG_MANAGE
from service_runtime.errors import ClientError
from service_runtime.tenancy import tenant_of
from service_runtime.work import reading

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _query(info: Info, where: AuditLogFilter | None) -> AuditQuery:
    where = where or AuditLogFilter()
    return AuditQuery(
        organization_id=tenant_of(info).organization_id,
        service=where.service,
        mutation=where.operation,
        outcome=where.outcome.value if where.outcome else None,
        since=where.since,
        until=where.until,
    )


@strawberry.type
class AuditLogQuery:
    @strawberry.field(
        extensions=ORG_MANAGE.extensions,
        description="The organisation's mutations across every service, newest first.",
    )
    async def audit_log(
        self,
        info: Info,
        filter: AuditLogFilter | None = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> AuditLogConnection:
        query = _query(info, filter)
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise ClientError(f"first must be 1 to {MAX_PAGE_SIZE}.", "BAD_USER_INPUT")
        key = decode_cursor(after) if after is not None else None
        if after is not None and key is None:
            raise ClientError("after is not a cursor of this list.", "BAD_USER_INPUT")
        async with reading(info) as work:
            # One row more than asked tells whether another page follows.
            rows = await audit_page(work.session, query, key, first + 1)
        edges = [
            AuditEntryEdge(cursor=encode_cursor(row), node=AuditEntry.from_row(row)) for row in rows
        ]
        page = edges[:first]
        return AuditLogConnection(
            edges=page,
            page_info=PageInfo(
                has_next_page=len(edges) > first, end_cursor=page[-1].cursor if page else None
            ),
        )
