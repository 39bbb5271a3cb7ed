"""Which organisations have due work: the only queries that look across tenants.

Row-level security hides every row from a session not scoped to an organisation. Migration
0009 adds a SELECT-only policy, `scheduler_scan`, on recurring_invoices and invoices, true
while the transaction has app.scheduler_scan = 'on'. These functions switch it on, read
organisation ids only, and switch it off again before anything else runs in the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.invoice.models import Invoice
from financial_subgraph.schedules.models import RecurringInvoice

OPEN_STATUSES = ("issued", "partially_paid")
# Reminders can be due before the due date: at most this many days (see reminders/service.py).
MAX_LEAD_DAYS = 365


@asynccontextmanager
async def _scanning(session: AsyncSession) -> AsyncIterator[None]:
    await session.execute(text("SELECT set_config('app.scheduler_scan', 'on', true)"))
    try:
        yield
    finally:
        await session.execute(text("SELECT set_config('app.scheduler_scan', 'off', true)"))


async def organizations_with_due_schedules(session: AsyncSession, as_of: date) -> list[uuid.UUID]:
    statement = (
        select(RecurringInvoice.organization_id)
        .where(RecurringInvoice.status == "active", RecurringInvoice.next_run_on <= as_of)
        .distinct()
    )
    async with _scanning(session):
        return list((await session.scalars(statement)).all())


async def organizations_with_open_invoices(session: AsyncSession, as_of: date) -> list[uuid.UUID]:
    """Organisations with an open invoice close enough to its due date for a reminder."""
    statement = (
        select(Invoice.organization_id)
        .where(
            Invoice.kind == "invoice",
            Invoice.status.in_(OPEN_STATUSES),
            Invoice.balance_due > 0,
            Invoice.due_date <= date.fromordinal(as_of.toordinal() + MAX_LEAD_DAYS),
        )
        .distinct()
    )
    async with _scanning(session):
        return list((await session.scalars(statement)).all())
