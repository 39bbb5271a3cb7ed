from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.enum(description="How a mutation ended.")
class AuditOutcome(enum.Enum):
    OK = "OK"
    REJECTED = strawberry.enum_value(
        "REJECTED", description="It returned its typed error (`errorCode`)."
    )
    FAILED = strawberry.enum_value(
        "FAILED", description="It raised a GraphQL error (`errorCode`, e.g. FORBIDDEN)."
    )


@strawberry.input(description="Every given field must match.")
class AuditLogFilter:
    service: str | None = strawberry.field(
        default=None, description="As in its logs and /health, e.g. financial-svc."
    )
    operation: str | None = strawberry.field(
        default=None, description="The mutation field, e.g. createInvoice."
    )
    outcome: AuditOutcome | None = None
    since: datetime | None = strawberry.field(default=None, description="Inclusive.")
    until: datetime | None = strawberry.field(default=None, description="Exclusive.")


@strawberry.type(description="One mutation of the organisation, as the service recorded it.")
class AuditEntry:
    id: strawberry.ID
    occurred_at: datetime
    service: str
    user_id: strawberry.ID | None = strawberry.field(description="Who: the token's subject.")
    request_id: str | None
    operation_name: str | None
    mutation: str
    arguments: JSON = strawberry.field(
        description="The field's arguments; secrets redacted, long values cut."
    )
    outcome: AuditOutcome
    error_code: str | None

    @classmethod
    def from_row(cls, row: Any) -> AuditEntry:
        return cls(
            id=strawberry.ID(str(row.id)),
            occurred_at=row.occurred_at,
            service=row.service,
            user_id=strawberry.ID(row.principal_subject) if row.principal_subject else None,
            request_id=row.request_id,
            operation_name=row.operation_name,
            mutation=row.mutation,
            arguments=row.arguments,
            outcome=AuditOutcome(row.outcome),
            error_code=row.error_code,
        )


@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class AuditEntryEdge:
    cursor: str
    node: AuditEntry


@strawberry.type
class AuditLogConnection:
    edges: list[AuditEntryEdge]
    page_info: PageInfo
