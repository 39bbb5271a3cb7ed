"""The `schedules.run` job: generate an organisation's due recurring invoices, then announce
its due reminders, as the runSchedules mutation does, but in the background with progress.

Each schedule is its own transaction and a progress point (cancel stops between two). A retry
after a failure or a dead worker starts again from the top, which is safe: occurrences are
claimed exactly once (schedules/generation.py), reminders sent at most once.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from financial_subgraph.schedules.generation import RecurringRun, run_due_schedule
from financial_subgraph.schedules.reminders.service import run_due_reminders
from financial_subgraph.schedules.repository import ScheduleRepository
from service_runtime.jobs import JobContext

KIND = "schedules.run"
REMINDERS_SHARE = 0.1  # of the progress bar, for the reminder pass at the end


def payload(as_of: date) -> dict[str, str]:
    return {"asOf": as_of.isoformat()}


async def run_schedules_job(context: JobContext) -> dict[str, Any]:
    organization_id, database = context.organization_id, context.database
    as_of = date.fromisoformat(str(context.payload["asOf"]))
    async with database.read(organization_id=organization_id) as session:
        due = await ScheduleRepository(session, organization_id).due_ids(as_of)
    await context.progress(0.0, f"{len(due)} schedules due")
    recurring = RecurringRun()
    for done, schedule_id in enumerate(due, start=1):
        async with database.write(organization_id=organization_id) as session:
            recurring.add(await run_due_schedule(session, organization_id, schedule_id, as_of))
        share = (1 - REMINDERS_SHARE) * done / len(due)
        await context.progress(share, f"{done} of {len(due)} schedules run")
    async with database.write(organization_id=organization_id) as session:
        reminders = await run_due_reminders(session, as_of, organization_id)
    return {
        "asOf": as_of.isoformat(),
        "invoicesGenerated": recurring.generated,
        "invoicesIssued": recurring.issued,
        "occurrencesFailed": recurring.failed,
        **{f"reminders{key.title()}": value for key, value in asdict(reminders).items()},
    }
