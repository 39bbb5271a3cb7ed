from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.bank.types import Transaction
from financial_subgraph.client.types import PageInfo
from financial_subgraph.context import Info
from financial_subgraph.invoice.loaders import InvoiceByIdLoader
from financial_subgraph.invoice.types import Invoice
from financial_subgraph.matching.models import PaymentMatchReview as ReviewRow
from financial_subgraph.matching.scoring import Candidate


@strawberry.enum
class PaymentMatchStatus(enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


async def invoice_of(
    info: Info, organization_id: uuid.UUID, invoice_id: uuid.UUID
) -> Invoice | None:
    row = await InvoiceByIdLoader.of(info).load(invoice_id)
    return Invoice.from_row(row) if row else None


@strawberry.type(description="An open invoice a payment could settle, with why.")
class PaymentMatchCandidate:
    invoice_id: strawberry.ID
    score: Decimal = strawberry.field(description="0-1: number 0.6, amount 0.3, name <= 0.3.")
    reasons: list[str]
    organization_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def invoice(self, info: Info) -> Invoice | None:
        return await invoice_of(info, self.organization_id, uuid.UUID(self.invoice_id))

    @classmethod
    def from_candidate(
        cls, candidate: Candidate, organization_id: uuid.UUID
    ) -> PaymentMatchCandidate:
        return cls(
            invoice_id=strawberry.ID(str(candidate.invoice_id)),
            score=candidate.score,
            reasons=list(candidate.reasons),
            organization_id=organization_id,
        )

    @classmethod
    def from_json(cls, stored: dict[str, Any], organization_id: uuid.UUID) -> PaymentMatchCandidate:
        return cls(
            invoice_id=strawberry.ID(str(stored["invoice_id"])),
            score=Decimal(str(stored["score"])),
            reasons=[str(reason) for reason in stored.get("reasons", [])],
            organization_id=organization_id,
        )


@strawberry.type(description="An incoming payment automatic matching left for a person.")
class PaymentMatchReview:
    id: strawberry.ID
    status: PaymentMatchStatus
    transaction: Transaction
    candidates: list[PaymentMatchCandidate] = strawberry.field(
        description="As scored when it was queued, best first."
    )
    created_at: datetime

    @classmethod
    def from_rows(cls, review: ReviewRow, transaction: BankTransaction) -> PaymentMatchReview:
        return cls(
            id=strawberry.ID(str(review.id)),
            status=PaymentMatchStatus(review.status),
            transaction=Transaction.from_row(transaction),
            candidates=[
                PaymentMatchCandidate.from_json(item, review.organization_id)
                for item in review.candidates
            ],
            created_at=review.created_at,
        )


@strawberry.type
class PaymentMatchReviewEdge:
    cursor: str
    node: PaymentMatchReview


@strawberry.type
class PaymentMatchReviewConnection:
    edges: list[PaymentMatchReviewEdge]
    page_info: PageInfo


@strawberry.type
class PaymentMatchPayload:
    transaction: Transaction


@strawberry.type
class DismissPaymentMatchPayload:
    transaction_id: strawberry.ID
