"""Payment reminders: an organisation's policy and the run that announces due reminders.

A policy is a list of day offsets from the due date (-3: three days before; 7: a week
late). Without one, DEFAULT_OFFSETS apply; an empty list switches reminders off.

`run_due_reminders` emits financial.invoice.reminder_due.v1 at most once per invoice and
offset: the sent_reminders row (unique on invoice and offset) and the outbox event are written
in the same transaction, and the event goes out only if this run inserted the row. Only open
invoices (issued or partially paid, balance above zero) get reminders; paid and void ones
never do.

Catching up: when several offsets of one invoice came due since the last run (the scheduler
was down, or the invoice was issued already late), only the latest is sent; the earlier ones
are recorded as "superseded" and never sent, and an offset earlier than one already handled
(e.g. added to the policy later) is never sent either. The client hears once, with the most
current reminder, rather than receiving a burst of stale ones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.base import outbox
from financial_subgraph.currency.money import quantize
from financial_subgraph.events import InvoiceReminderDueV1
from financial_subgraph.schedules import discovery
from financial_subgraph.schedules.errors import ScheduleError, ScheduleErrorCode, schedule_error
from financial_subgraph.schedules.reminders.repository import ReminderCandidate, ReminderRepository
from financial_subgraph.schedules.repository import lock_organization
from service_runtime.database import set_tenant
from service_runtime.events import emit

DEFAULT_OFFSETS = (-3, 7, 30)
MAX_OFFSETS = 20
MAX_OFFSET_DAYS = discovery.MAX_LEAD_DAYS


@dataclass
class ReminderRun:
    sent: int = 0
    superseded: int = 0

    def add(self, other: ReminderRun) -> None:
        self.sent += other.sent
        self.superseded += other.superseded


async def policy_with_origin(
    session: AsyncSession, organization_id: uuid.UUID
) -> tuple[tuple[int, ...], bool]:
    """(offsets in ascending order, True when they are the defaults)."""
    row = await ReminderRepository(session, organization_id).policy()
    return (tuple(row.offsets_days), False) if row is not None else (DEFAULT_OFFSETS, True)


async def policy_of(session: AsyncSession, organization_id: uuid.UUID) -> tuple[int, ...]:
    """The organisation's offsets in ascending order (the defaults when it set none)."""
    return (await policy_with_origin(session, organization_id))[0]


def _invalid(message: str) -> ScheduleError:
    return schedule_error(ScheduleErrorCode.INVALID_POLICY, message, "offsetsDays")


async def set_policy(
    session: AsyncSession, organization_id: uuid.UUID, offsets: list[int]
) -> tuple[int, ...] | ScheduleError:
    """Replace the organisation's offsets (sorted; an empty list turns reminders off)."""
    if len(offsets) > MAX_OFFSETS:
        return _invalid(f"At most {MAX_OFFSETS} reminders.")
    if len(set(offsets)) != len(offsets):
        return _invalid("Each offset may appear once.")
    if any(abs(offset) > MAX_OFFSET_DAYS for offset in offsets):
        return _invalid(f"Offsets are -{MAX_OFFSET_DAYS} to {MAX_OFFSET_DAYS} days.")
    ordered = sorted(offsets)
    await ReminderRepository(session, organization_id).save_policy(ordered)
    return tuple(ordered)


async def run_due_reminders(
    session: AsyncSession, as_of: date, organization_id: uuid.UUID | None = None
) -> ReminderRun:
    """Announce every reminder due by `as_of` for the organisation (every one when None)."""
    if organization_id is None:
        total = ReminderRun()
        for organization in await discovery.organizations_with_open_invoices(session, as_of):
            await set_tenant(session, organization)
            total.add(await run_due_reminders(session, as_of, organization))
        return total
    offsets = await policy_of(session, organization_id)
    run = ReminderRun()
    if not offsets:
        return run
    await lock_organization(session, "reminders", organization_id)
    repository = ReminderRepository(session, organization_id)
    for candidate in await repository.candidates(as_of, offsets):
        await _remind(session, organization_id, candidate, offsets, as_of, run)
    return run


async def _remind(
    session: AsyncSession,
    organization_id: uuid.UUID,
    candidate: ReminderCandidate,
    offsets: tuple[int, ...],
    as_of: date,
    run: ReminderRun,
) -> None:
    days_overdue = (as_of - candidate.due_date).days
    last = candidate.last_recorded_offset
    due = [
        offset for offset in offsets if offset <= days_overdue and (last is None or offset > last)
    ]
    if not due:
        return
    repository = ReminderRepository(session, organization_id)
    for offset in due[:-1]:
        run.superseded += await repository.record(candidate, offset, "superseded")
    latest = due[-1]
    if not await repository.record(candidate, latest, "sent"):
        return
    payload = InvoiceReminderDueV1(
        invoice_id=candidate.invoice_id,
        number=candidate.number,
        client_id=candidate.client_id,
        due_date=candidate.due_date,
        offset_days=latest,
        days_overdue=days_overdue,
        balance_due=quantize(candidate.balance_due, candidate.currency),
        currency=candidate.currency,
    )
    envelope = await emit(session, outbox, payload, organization_id)
    await repository.set_event(candidate.invoice_id, latest, envelope.id)
    run.sent += 1
