"""The background pass: every organisation, one replica at a time, clean shutdown."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from sqlalchemy import text

from financial_subgraph.schedules.runner import LEADER_LOCK, run_all, run_periodically
from service_runtime.database import Database

from .conftest import invoices_of, issued_invoice, new_client, new_schedule, schedule_row


async def test_a_pass_covers_every_organisation_with_due_work(
    database: Database, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    schedule_a = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    client_b = await new_client(database, org_b)
    await issued_invoice(database, org_b, client_b, issue_date=date(2025, 1, 1), terms_days=0)

    summary = await run_all(database, date(2025, 1, 7))

    assert summary is not None
    assert summary.recurring.generated >= 1
    assert summary.reminders.sent >= 1
    assert len(await invoices_of(database, org_a, schedule_a.id)) == 1
    again = await run_all(database, date(2025, 1, 7))
    assert again is not None
    assert len(await invoices_of(database, org_a, schedule_a.id)) == 1


async def test_a_pass_is_skipped_while_another_replica_runs(
    database: Database, org_a: uuid.UUID
) -> None:
    schedule = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    async with database.write() as other_replica:
        await other_replica.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": LEADER_LOCK}
        )
        assert await run_all(database, date(2025, 1, 1)) is None
    assert (await schedule_row(database, org_a, schedule.id)).generated_count == 0


async def test_the_background_task_runs_and_stops_cleanly_when_cancelled(
    database: Database, org_a: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    monkeypatch.setattr("financial_subgraph.schedules.runner.today", lambda: date(2025, 1, 1))
    task = asyncio.create_task(run_periodically(database, 0.05))
    for _ in range(200):
        if (await schedule_row(database, org_a, schedule.id)).generated_count:
            break
        await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await schedule_row(database, org_a, schedule.id)).generated_count == 1
    # Nothing is left holding the leader lock.
    async with database.write() as session:
        free = await session.scalar(
            text("SELECT pg_try_advisory_xact_lock(hashtext(:key))"), {"key": LEADER_LOCK}
        )
    assert free is True
