"""What an invoice status subscriber receives."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from financial_subgraph.invoice.enums import InvoiceKind, InvoiceStatus


@strawberry.enum(description="Why an invoice's status or balance changed.")
class InvoiceStatusChangeReason(enum.Enum):
    ISSUED = "ISSUED"
    PAYMENT_RECEIVED = "PAYMENT_RECEIVED"
    PAYMENT_REVERSED = "PAYMENT_REVERSED"
    PAID = "PAID"


@strawberry.type(
    description="An invoice of the caller's organisation as it stands after a change:"
    " sent live, not kept (read the invoice again after reconnecting)."
)
class InvoiceStatusChange:
    invoice_id: strawberry.ID
    kind: InvoiceKind
    status: InvoiceStatus
    number: str | None
    currency: str
    total: Decimal
    balance_due: Decimal
    reason: InvoiceStatusChangeReason
    occurred_at: datetime

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> InvoiceStatusChange:
        return cls(
            invoice_id=strawberry.ID(event["invoiceId"]),
            kind=InvoiceKind(event["kind"]),
            status=InvoiceStatus(event["status"]),
            number=event["number"],
            currency=event["currency"],
            total=Decimal(event["total"]),
            balance_due=Decimal(event["balanceDue"]),
            reason=InvoiceStatusChangeReason(event["reason"]),
            occurred_at=datetime.fromisoformat(event["occurredAt"]),
        )
