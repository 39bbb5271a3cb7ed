"""SQL of payment matching: reviews, scoped by organisation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, tuple_

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.matching.models import PaymentMatchReview
from service_runtime.repository import TenantRepository


class ReviewRepository(TenantRepository[PaymentMatchReview]):
    model = PaymentMatchReview

    async def for_transactions(
        self, transaction_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, PaymentMatchReview]:
        if not transaction_ids:
            return {}
        statement = self.scoped().where(PaymentMatchReview.transaction_id.in_(transaction_ids))
        return {row.transaction_id: row for row in await self.session.scalars(statement)}

    async def for_transaction(self, transaction_id: uuid.UUID) -> PaymentMatchReview | None:
        """The transaction's review, locked."""
        statement = (
            self.scoped()
            .where(PaymentMatchReview.transaction_id == transaction_id)
            .with_for_update()
        )
        row: PaymentMatchReview | None = await self.session.scalar(statement)
        return row

    async def pending_page(
        self, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[tuple[PaymentMatchReview, BankTransaction]]:
        """Pending reviews with their transactions, oldest first, keyset on (created_at, id)."""
        statement = (
            select(PaymentMatchReview, BankTransaction)
            .join(BankTransaction, BankTransaction.id == PaymentMatchReview.transaction_id)
            .where(
                PaymentMatchReview.organization_id == self.organization_id,
                BankTransaction.organization_id == self.organization_id,
                PaymentMatchReview.status == "pending",
            )
        )
        if after is not None:
            key = tuple_(PaymentMatchReview.created_at, PaymentMatchReview.id)
            statement = statement.where(key > tuple_(*after))
        statement = statement.order_by(PaymentMatchReview.created_at, PaymentMatchReview.id)
        rows = await self.session.execute(statement.limit(limit))
        return [(review, transaction) for review, transaction in rows]
