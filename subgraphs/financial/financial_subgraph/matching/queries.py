from __future__ import annotations

import strawberry

from financial_subgraph.client.types import PageInfo
from financial_subgraph.context import Info
from financial_subgraph.matching import review
from financial_subgraph.matching.errors import PaymentMatchError
from financial_subgraph.matching.pagination import decode_cursor, encode_cursor
from financial_subgraph.matching.types import (
    PaymentMatchCandidate,
    PaymentMatchReview,
    PaymentMatchReviewConnection,
    PaymentMatchReviewEdge,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.cursors import page_request
from service_runtime.ids import parse_uuid
from service_runtime.work import reading

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class PaymentMatchingQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="Incoming payments waiting for a person to choose their invoice, oldest"
        " first, with the candidates scored when they were queued.",
    )
    async def unmatched_payments(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> PaymentMatchReviewConnection:
        context = info.context
        key = page_request(first, after, context.settings.max_page_size, decode_cursor)
        async with reading(info) as work:
            rows = await review.pending_page(work.session, work.organization_id, key, first + 1)
        edges = [
            PaymentMatchReviewEdge(
                cursor=encode_cursor(row), node=PaymentMatchReview.from_rows(row, tx)
            )
            for row, tx in rows
        ]
        page = edges[:first]
        return PaymentMatchReviewConnection(
            edges=page,
            page_info=PageInfo(
                has_next_page=len(edges) > first, end_cursor=page[-1].cursor if page else None
            ),
        )

    @strawberry.field(
        extensions=SCOPES.read,
        description="Open invoices an incoming transaction could pay, scored now, best first"
        " (empty for an unknown or outgoing transaction).",
    )
    async def payment_match_suggestions(
        self, info: Info, transaction_id: strawberry.ID
    ) -> list[PaymentMatchCandidate]:
        parsed = parse_uuid(transaction_id)
        if parsed is None:
            return []
        async with reading(info) as work:
            found = await review.candidates_for(
                work.session,
                work.organization_id,
                parsed,
                early_tolerance_days=info.context.settings.early_payment_tolerance_days,
            )
        if isinstance(found, PaymentMatchError):
            return []
        return [PaymentMatchCandidate.from_candidate(c, work.organization_id) for c in found]
