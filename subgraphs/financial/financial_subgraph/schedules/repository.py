"""All SQL of the schedules domain. Every query names the organisation (RLS is defence in depth)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.schedules.models import RecurringInvoice, RecurringInvoiceOccurrence
from service_runtime.repository import TenantRepository


async def lock_organization(session: AsyncSession, domain: str, organization_id: uuid.UUID) -> None:
    """Serialise runs of `domain` ("recurring", "reminders") for one organisation until the
    transaction ends: a second run waits, then finds the work done."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:domain), hashtext(:organization))"),
        {"domain": f"financial.{domain}", "organization": str(organization_id)},
    )


class ScheduleRepository(TenantRepository[RecurringInvoice]):
    """The organisation's recurring invoices and their occurrences."""

    model = RecurringInvoice

    async def get(self, id_: uuid.UUID, *, lock: bool = False) -> RecurringInvoice | None:
        """The schedule, None when absent or another organisation's; `lock`: FOR UPDATE."""
        statement = (
            self.scoped()
            .where(RecurringInvoice.id == id_)
            .execution_options(populate_existing=True)
        )
        if lock:
            statement = statement.with_for_update()
        row: RecurringInvoice | None = await self.session.scalar(statement)
        return row

    async def page(
        self,
        *,
        statuses: Sequence[str],
        client_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[RecurringInvoice]:
        """Up to `limit` schedules, newest first by (created_at, id), strictly after `after`."""
        statement = self.scoped()
        if statuses:
            statement = statement.where(RecurringInvoice.status.in_(statuses))
        if client_id is not None:
            statement = statement.where(RecurringInvoice.client_id == client_id)
        if after is not None:
            key = tuple_(RecurringInvoice.created_at, RecurringInvoice.id)
            statement = statement.where(key < tuple_(*after))
        statement = statement.order_by(
            RecurringInvoice.created_at.desc(), RecurringInvoice.id.desc()
        ).limit(limit)
        return list((await self.session.scalars(statement)).all())

    async def due_ids(self, as_of: date) -> list[uuid.UUID]:
        statement = (
            select(RecurringInvoice.id)
            .where(
                RecurringInvoice.organization_id == self.organization_id,
                RecurringInvoice.status == "active",
                RecurringInvoice.next_run_on <= as_of,
            )
            .order_by(RecurringInvoice.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def last_occurrence_on(self, id_: uuid.UUID) -> date | None:
        statement = select(func.max(RecurringInvoiceOccurrence.occurrence_date)).where(
            RecurringInvoiceOccurrence.organization_id == self.organization_id,
            RecurringInvoiceOccurrence.schedule_id == id_,
        )
        last: date | None = await self.session.scalar(statement)
        return last

    async def claim_occurrence(
        self, schedule: RecurringInvoice, occurrence_date: date, sequence: int
    ) -> uuid.UUID | None:
        """Record the occurrence; None when that date was generated already (unique key)."""
        statement = (
            insert(RecurringInvoiceOccurrence)
            .values(
                id=uuid.uuid4(),
                organization_id=schedule.organization_id,
                schedule_id=schedule.id,
                occurrence_date=occurrence_date,
                sequence=sequence,
                issued=False,
            )
            .on_conflict_do_nothing()
            .returning(RecurringInvoiceOccurrence.id)
        )
        claimed: uuid.UUID | None = await self.session.scalar(statement)
        return claimed

    async def occurrences_of(
        self, schedule_ids: Sequence[uuid.UUID]
    ) -> list[RecurringInvoiceOccurrence]:
        statement = (
            select(RecurringInvoiceOccurrence)
            .where(
                RecurringInvoiceOccurrence.organization_id == self.organization_id,
                RecurringInvoiceOccurrence.schedule_id.in_(schedule_ids),
            )
            .order_by(RecurringInvoiceOccurrence.schedule_id, RecurringInvoiceOccurrence.sequence)
        )
        return list((await self.session.scalars(statement)).all())

    async def remove(self, id_: uuid.UUID) -> None:
        await self.session.execute(
            delete(RecurringInvoice).where(
                RecurringInvoice.organization_id == self.organization_id, RecurringInvoice.id == id_
            )
        )
