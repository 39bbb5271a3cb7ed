"""Running schedules: every occurrence due up to a date becomes an invoice exactly once.

Exactly once, also when runs overlap: a run first takes a per-organisation advisory lock (a
second run waits, then sees the dates already advanced), locks each schedule row, and claims
the occurrence in recurring_invoice_occurrences, unique on (schedule, date), before creating
anything. Invoices are made by the invoice package's own create_draft / issue_invoice, so
numbers, totals, FX and invoice.issued events are the invoice package's.

A schedule whose client was archived pauses (with the reason in `last_error`) instead of
invoicing it. An auto-issued invoice is issued as of its occurrence date, also when a run catches up
later (it is the invoice for that period, and its FX rate is that day's).

Each occurrence runs in a SAVEPOINT: when the invoice package refuses (e.g. no exchange rate
for the issue date) that occurrence is undone, the reason is kept in `last_error`, the
schedule stays on that date and the next run retries it; other schedules carry on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.invoice.drafts import create_draft
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.issuing import issue_invoice
from financial_subgraph.schedules import discovery
from financial_subgraph.schedules.models import RecurringInvoice, RecurringInvoiceOccurrence
from financial_subgraph.schedules.repository import ScheduleRepository, lock_organization
from financial_subgraph.schedules.service import plan_next, rule_of
from financial_subgraph.schedules.template import from_json
from service_runtime.database import set_tenant
from service_runtime.models import utcnow
from service_runtime.rejection import Rejected

# A schedule far behind (started long ago) catches up over several runs, not in one.
MAX_OCCURRENCES_PER_RUN = 100


@dataclass
class RecurringRun:
    generated: int = 0  # invoices created (drafts or issued)
    issued: int = 0
    failed: int = 0  # occurrences refused by the invoice package, retried next run

    def add(self, other: RecurringRun) -> None:
        self.generated += other.generated
        self.issued += other.issued
        self.failed += other.failed


async def run_due_schedules(
    session: AsyncSession, organization_id: uuid.UUID | None, as_of: date
) -> RecurringRun:
    """Generate every occurrence dated up to `as_of` of the organisation's active schedules
    (of every organisation when None, each with the session scoped to it in turn)."""
    if organization_id is None:
        total = RecurringRun()
        for organization in await discovery.organizations_with_due_schedules(session, as_of):
            await set_tenant(session, organization)
            total.add(await run_due_schedules(session, organization, as_of))
        return total
    await lock_organization(session, "recurring", organization_id)
    repository = ScheduleRepository(session, organization_id)
    run = RecurringRun()
    for schedule_id in await repository.due_ids(as_of):
        schedule = await repository.get(schedule_id, lock=True)
        if schedule is not None:
            await _catch_up(session, schedule, as_of, run)
    return run


async def run_due_schedule(
    session: AsyncSession, organization_id: uuid.UUID, schedule_id: uuid.UUID, as_of: date
) -> RecurringRun:
    """One schedule's occurrences dated up to `as_of` (the background job runs each schedule
    in a transaction of its own, so it can report progress and stop between them)."""
    await lock_organization(session, "recurring", organization_id)
    run = RecurringRun()
    schedule = await ScheduleRepository(session, organization_id).get(schedule_id, lock=True)
    if schedule is not None:
        await _catch_up(session, schedule, as_of, run)
    return run


async def _pause_if_client_archived(session: AsyncSession, schedule: RecurringInvoice) -> bool:
    """An archived client gets no new invoices: the schedule pauses and says why."""
    client = await ClientRepository(session, schedule.organization_id).get(schedule.client_id)
    if client is not None and client.archived_at is None:
        return False
    schedule.status = "paused"
    schedule.last_error = "The client is archived; the schedule was paused."
    schedule.last_run_at = utcnow()
    await session.flush()
    return True


async def _catch_up(
    session: AsyncSession, schedule: RecurringInvoice, as_of: date, run: RecurringRun
) -> None:
    if await _pause_if_client_archived(session, schedule):
        run.failed += 1
        return
    for _ in range(MAX_OCCURRENCES_PER_RUN):
        due = schedule.next_run_on
        if schedule.status != "active" or due is None or due > as_of:
            return
        try:
            async with session.begin_nested():
                issued = await _generate(session, schedule, due)
        except Rejected as rejected:
            await session.refresh(schedule)
            schedule.last_error = f"{due}: {rejected.error.message}"
            schedule.last_run_at = utcnow()
            await session.flush()
            run.failed += 1
            return
        run.generated += issued is not None
        run.issued += bool(issued)


async def _generate(session: AsyncSession, schedule: RecurringInvoice, on: date) -> bool | None:
    """Make the invoice of occurrence `on` and advance the schedule past it.

    True: issued, False: left as a draft, None: that date had been generated already.
    Raises Rejected when the invoice package refuses (the savepoint then rolls back).
    """
    repository = ScheduleRepository(session, schedule.organization_id)
    claimed = await repository.claim_occurrence(schedule, on, schedule.generated_count + 1)
    if claimed is None:
        plan_next(schedule, rule_of(schedule).after(on))
        await session.flush()
        return None
    organization_id = schedule.organization_id
    draft = from_json(schedule.template).draft(schedule.client_id)
    invoice = await create_draft(
        session, organization_id, "invoice", draft, recurring_schedule_id=schedule.id
    )
    if isinstance(invoice, InvoiceError):
        raise Rejected(invoice)
    if schedule.auto_issue:
        issued = await issue_invoice(session, organization_id, invoice.id, issue_date=on)
        if isinstance(issued, InvoiceError):
            raise Rejected(issued)
    await session.execute(
        update(RecurringInvoiceOccurrence)
        .where(RecurringInvoiceOccurrence.id == claimed)
        .values(invoice_id=invoice.id, issued=schedule.auto_issue)
    )
    schedule.generated_count += 1
    schedule.last_error = None
    schedule.last_run_at = utcnow()
    plan_next(schedule, rule_of(schedule).after(on))
    await session.flush()
    return schedule.auto_issue
