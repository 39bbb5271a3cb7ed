"""Running schedules and reminders: for one organisation (the runSchedules mutation) or for
all of them (the background task of every replica, of which one runs at a time).

Each organisation's recurring run and reminder run are separate transactions scoped to it,
schedules first so reminders see the invoices just issued. A failure in one organisation is
logged and does not stop the others. Days are UTC days.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import text

from financial_subgraph.schedules import discovery
from financial_subgraph.schedules.generation import RecurringRun, run_due_schedules
from financial_subgraph.schedules.reminders.service import ReminderRun, run_due_reminders
from service_runtime.database import Database
from service_runtime.events.shutdown import finish_before_cancel
from service_runtime.logging import get_logger

log = get_logger(__name__)

LEADER_LOCK = "financial.scheduler"


@dataclass
class RunSummary:
    recurring: RecurringRun = field(default_factory=RecurringRun)
    reminders: ReminderRun = field(default_factory=ReminderRun)

    def add(self, other: RunSummary) -> None:
        self.recurring.add(other.recurring)
        self.reminders.add(other.reminders)


def today() -> date:
    return datetime.now(UTC).date()


async def run_for_organization(
    database: Database, organization_id: uuid.UUID, as_of: date
) -> RunSummary:
    """Generate the organisation's due invoices, then announce its due reminders."""
    async with database.write(organization_id=organization_id) as session:
        recurring = await run_due_schedules(session, organization_id, as_of)
    async with database.write(organization_id=organization_id) as session:
        reminders = await run_due_reminders(session, as_of, organization_id)
    return RunSummary(recurring, reminders)


async def run_all(database: Database, as_of: date) -> RunSummary | None:
    """One pass over every organisation with due work; None when another replica is running.

    pg_try_advisory_xact_lock in a transaction held open for the whole pass: replicas that
    fail to take it skip this round, and the lock goes with the transaction even on a crash.
    """
    async with database.write() as leader:
        taken = await leader.scalar(
            text("SELECT pg_try_advisory_xact_lock(hashtext(:key))"), {"key": LEADER_LOCK}
        )
        if not taken:
            return None
        organizations = set(await discovery.organizations_with_due_schedules(leader, as_of))
        organizations |= set(await discovery.organizations_with_open_invoices(leader, as_of))
        summary = RunSummary()
        for organization_id in sorted(organizations):
            try:
                # On shutdown the organisation in progress finishes (bounded) before we stop.
                outcome = await finish_before_cancel(
                    run_for_organization(database, organization_id, as_of)
                )
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("schedules_run_failed", organization_id=str(organization_id))
                continue
            summary.add(outcome)
        return summary


async def run_periodically(database: Database, interval_seconds: float) -> None:
    """The background task: a pass every `interval_seconds` until cancelled.

    The first pass waits one interval, so a restart storm does not hammer the database and
    short-lived processes (tests, one-off commands) never run it.
    """
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            summary = await run_all(database, today())
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("schedules_pass_failed")
            continue
        if summary is not None:
            log.info(
                "schedules_pass",
                invoices_generated=summary.recurring.generated,
                invoices_issued=summary.recurring.issued,
                occurrences_failed=summary.recurring.failed,
                reminders_sent=summary.reminders.sent,
            )
