"""SQL of reminders: the policy, open invoices with a reminder to consider, sent reminders."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.invoice.models import Invoice
from financial_subgraph.schedules.models import ReminderPolicy, SentReminder
from service_runtime.repository import TenantRepository

OPEN_STATUSES = ("issued", "partially_paid")


@dataclass(frozen=True)
class ReminderCandidate:
    invoice_id: uuid.UUID
    number: str | None
    client_id: uuid.UUID
    due_date: date
    balance_due: Decimal
    currency: str
    last_recorded_offset: int | None  # the latest offset sent or superseded so far


class ReminderRepository(TenantRepository[ReminderPolicy]):
    """The organisation's reminder policy and the reminders it sent."""

    model = ReminderPolicy

    async def policy(self) -> ReminderPolicy | None:
        return await self.session.get(ReminderPolicy, self.organization_id)

    async def save_policy(self, offsets: list[int]) -> None:
        statement = insert(ReminderPolicy).values(
            organization_id=self.organization_id, offsets_days=offsets
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[ReminderPolicy.organization_id],
                set_={"offsets_days": offsets, "updated_at": func.now()},
            )
        )

    async def candidates(self, as_of: date, offsets: Sequence[int]) -> list[ReminderCandidate]:
        """Open invoices with at least one offset due by `as_of` and not every offset handled."""
        recorded = (
            select(func.max(SentReminder.offset_days))
            .where(
                SentReminder.organization_id == self.organization_id,
                SentReminder.invoice_id == Invoice.id,
            )
            .correlate(Invoice)
            .scalar_subquery()
        )
        statement = (
            select(
                Invoice.id,
                Invoice.number,
                Invoice.client_id,
                Invoice.due_date,
                Invoice.balance_due,
                Invoice.currency,
                recorded,
            )
            .where(
                Invoice.organization_id == self.organization_id,
                Invoice.kind == "invoice",
                Invoice.status.in_(OPEN_STATUSES),
                Invoice.balance_due > 0,
                Invoice.due_date <= as_of - timedelta(days=min(offsets)),
                func.coalesce(recorded, min(offsets) - 1) < max(offsets),
            )
            .order_by(Invoice.due_date, Invoice.id)
            # A payment being recorded right now holds the row: skip it this run (the next
            # run sees the outcome); the rows taken cannot be paid until this run commits,
            # so a reminder never goes out for an invoice paid before it.
            .with_for_update(of=Invoice, read=True, skip_locked=True)
        )
        rows = (await self.session.execute(statement)).all()
        return [ReminderCandidate(*row) for row in rows]

    async def record(self, candidate: ReminderCandidate, offset: int, outcome: str) -> bool:
        """Insert the (invoice, offset) row; False when it existed (handled by another run)."""
        statement = (
            insert(SentReminder)
            .values(
                organization_id=self.organization_id,
                invoice_id=candidate.invoice_id,
                offset_days=offset,
                due_date=candidate.due_date,
                outcome=outcome,
            )
            .on_conflict_do_nothing()
            .returning(SentReminder.offset_days)
        )
        return (await self.session.scalar(statement)) is not None

    async def set_event(self, invoice_id: uuid.UUID, offset: int, event_id: uuid.UUID) -> None:
        await self.session.execute(
            update(SentReminder)
            .where(
                SentReminder.organization_id == self.organization_id,
                SentReminder.invoice_id == invoice_id,
                SentReminder.offset_days == offset,
            )
            .values(event_id=event_id)
        )

    async def sent_for(self, invoice_ids: Sequence[uuid.UUID]) -> list[SentReminder]:
        statement = (
            select(SentReminder)
            .where(
                SentReminder.organization_id == self.organization_id,
                SentReminder.invoice_id.in_(invoice_ids),
            )
            .order_by(SentReminder.invoice_id, SentReminder.offset_days)
        )
        return list((await self.session.scalars(statement)).all())
