"""Schedule rules beyond plain runs: refusals retried, edits, pause/resume, deletion."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from financial_subgraph.client.service import set_archived
from financial_subgraph.schedules.models import RecurringInvoice, RecurringInvoiceOccurrence
from financial_subgraph.schedules.service import delete_schedule, set_paused, update_schedule
from service_runtime.database import Database

from ..factories import add_euro_rate
from .conftest import invoices_of, new_client, new_schedule, run, schedule_row, template


async def _occurrences(
    database: Database, organization_id: uuid.UUID, schedule_id: uuid.UUID
) -> list[RecurringInvoiceOccurrence]:
    async with database.read(organization_id=organization_id) as session:
        rows = await session.scalars(
            select(RecurringInvoiceOccurrence).where(
                RecurringInvoiceOccurrence.schedule_id == schedule_id
            )
        )
        return list(rows.all())


async def test_a_refused_occurrence_is_undone_kept_as_last_error_and_retried(
    database: Database, org_a: uuid.UUID
) -> None:
    # 1995: before the euro, so no stored rate can exist for the USD invoice's issue date.
    schedule = await new_schedule(
        database,
        org_a,
        await new_client(database, org_a),
        start_on=date(1995, 6, 1),
        auto_issue=True,
        template=template(currency="USD"),
    )

    refused = await run(database, org_a, date(1995, 6, 30))

    assert (refused.generated, refused.failed) == (0, 1)
    row = await schedule_row(database, org_a, schedule.id)
    assert row.last_error is not None
    assert "1995-06-01" in row.last_error
    assert (row.next_run_on, row.generated_count) == (date(1995, 6, 1), 0)
    assert await invoices_of(database, org_a, schedule.id) == []
    assert await _occurrences(database, org_a, schedule.id) == []

    await add_euro_rate(database, "USD", "1.1", date(1995, 6, 1))
    retried = await run(database, org_a, date(1995, 6, 30))

    assert (retried.generated, retried.issued, retried.failed) == (1, 1, 0)
    row = await schedule_row(database, org_a, schedule.id)
    assert (row.last_error, row.next_run_on) == (None, date(1995, 7, 1))
    [invoice] = await invoices_of(database, org_a, schedule.id)
    assert (invoice.currency, invoice.status, invoice.base_total) == (
        "USD",
        "issued",
        Decimal("108.18"),
    )


async def test_editing_the_rule_continues_after_the_last_generated_date(
    database: Database, org_a: uuid.UUID
) -> None:
    schedule = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    await run(database, org_a, date(2025, 3, 1))

    async with database.write(organization_id=org_a) as session:
        changed = await update_schedule(
            session,
            org_a,
            schedule.id,
            {"frequency": "weekly", "end_after_count": 4},
            may_issue=False,
        )
    assert isinstance(changed, RecurringInvoice)
    assert (changed.next_run_on, changed.generated_count) == (date(2025, 3, 5), 3)
    outcome = await run(database, org_a, date(2025, 12, 31))

    assert outcome.generated == 1
    row = await schedule_row(database, org_a, schedule.id)
    assert (row.status, row.generated_count) == ("finished", 4)
    dates = sorted(o.occurrence_date for o in await _occurrences(database, org_a, schedule.id))
    assert dates[-1] == date(2025, 3, 5)


async def test_dates_passing_while_paused_are_skipped_on_resume(
    database: Database, org_a: uuid.UUID
) -> None:
    schedule = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    await run(database, org_a, date(2025, 1, 1))

    async with database.write(organization_id=org_a) as session:
        paused = await set_paused(
            session, org_a, schedule.id, paused=True, today=date(2025, 1, 2), may_issue=False
        )
        assert isinstance(paused, RecurringInvoice)
    assert (await run(database, org_a, date(2025, 3, 1))).generated == 0
    async with database.write(organization_id=org_a) as session:
        resumed = await set_paused(
            session, org_a, schedule.id, paused=False, today=date(2025, 4, 15), may_issue=False
        )
        assert isinstance(resumed, RecurringInvoice)
        assert resumed.next_run_on == date(2025, 5, 1)

    assert (await run(database, org_a, date(2025, 5, 1))).generated == 1
    dates = sorted(o.occurrence_date for o in await _occurrences(database, org_a, schedule.id))
    assert dates == [date(2025, 1, 1), date(2025, 5, 1)]


async def test_deleting_a_schedule_keeps_the_invoices_it_made(
    database: Database, org_a: uuid.UUID
) -> None:
    schedule = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    await run(database, org_a, date(2025, 2, 1))

    async with database.write(organization_id=org_a) as session:
        assert await delete_schedule(session, org_a, schedule.id, may_issue=False) == schedule.id

    assert len(await invoices_of(database, org_a, schedule.id)) == 2
    assert await _occurrences(database, org_a, schedule.id) == []


async def test_a_schedule_of_an_archived_client_pauses_instead_of_invoicing(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(database, org_a, client, start_on=date(2025, 1, 1))
    async with database.write(organization_id=org_a) as session:
        assert not hasattr(await set_archived(session, org_a, client, archived=True), "code")

    outcome = await run(database, org_a, date(2025, 3, 1))

    assert (outcome.generated, outcome.failed) == (0, 1)
    row = await schedule_row(database, org_a, schedule.id)
    assert row.status == "paused"
    assert row.last_error == "The client is archived; the schedule was paused."
    assert await invoices_of(database, org_a, schedule.id) == []
