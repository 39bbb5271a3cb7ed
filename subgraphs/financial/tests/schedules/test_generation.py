"""Recurring runs through the services: dates, end conditions, idempotency, tenancy."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from decimal import Decimal

from service_runtime.database import Database

from .conftest import invoices_of, new_client, new_schedule, run, schedule_row


async def test_monthly_schedule_from_january_31_keeps_to_month_ends(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(database, org_a, client, start_on=date(2024, 1, 31))

    outcome = await run(database, org_a, date(2024, 5, 1))

    assert (outcome.generated, outcome.issued, outcome.failed) == (4, 0, 0)
    drafts = await invoices_of(database, org_a, schedule.id)
    assert [invoice.status for invoice in drafts] == ["draft"] * 4
    assert all(invoice.total == Decimal("119.00") for invoice in drafts)
    row = await schedule_row(database, org_a, schedule.id)
    assert row.next_run_on == date(2024, 5, 31)
    assert row.generated_count == 4


async def test_auto_issue_uses_occurrence_dates_and_consecutive_numbers(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(
        database, org_a, client, start_on=date(2025, 1, 31), auto_issue=True
    )

    outcome = await run(database, org_a, date(2025, 4, 30))

    assert (outcome.generated, outcome.issued) == (4, 4)
    issued = await invoices_of(database, org_a, schedule.id)
    assert [invoice.issue_date for invoice in issued] == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
    ]
    assert [invoice.status for invoice in issued] == ["issued"] * 4
    numbers = [invoice.number for invoice in issued]
    assert all(numbers), numbers
    digits = [int("".join(ch for ch in number if ch.isdigit())[-4:]) for number in numbers]  # type: ignore[union-attr]
    assert digits == list(range(digits[0], digits[0] + 4))


async def test_end_after_count_stops_the_schedule(database: Database, org_a: uuid.UUID) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(
        database, org_a, client, start_on=date(2025, 1, 1), frequency="weekly", end_after_count=3
    )

    first = await run(database, org_a, date(2025, 12, 31))
    again = await run(database, org_a, date(2026, 12, 31))

    assert (first.generated, again.generated) == (3, 0)
    row = await schedule_row(database, org_a, schedule.id)
    assert (row.status, row.next_run_on, row.generated_count) == ("finished", None, 3)
    assert [i.created_at is not None for i in await invoices_of(database, org_a, schedule.id)] == [
        True
    ] * 3


async def test_end_on_a_date_includes_that_date_and_stops(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(
        database,
        org_a,
        client,
        start_on=date(2025, 1, 15),
        frequency="quarterly",
        end_on=date(2025, 7, 15),
        auto_issue=True,
    )

    outcome = await run(database, org_a, date(2026, 1, 1))

    assert outcome.generated == 3
    issued = await invoices_of(database, org_a, schedule.id)
    assert [i.issue_date for i in issued] == [
        date(2025, 1, 15),
        date(2025, 4, 15),
        date(2025, 7, 15),
    ]
    row = await schedule_row(database, org_a, schedule.id)
    assert (row.status, row.next_run_on) == ("finished", None)


async def test_nothing_is_generated_before_the_start_date(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(database, org_a, client, start_on=date(2025, 6, 1))

    outcome = await run(database, org_a, date(2025, 5, 31))

    assert outcome.generated == 0
    assert await invoices_of(database, org_a, schedule.id) == []


async def test_running_twice_generates_each_occurrence_once(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedule = await new_schedule(database, org_a, client, start_on=date(2025, 1, 1))

    first = await run(database, org_a, date(2025, 3, 1))
    second = await run(database, org_a, date(2025, 3, 1))

    assert (first.generated, second.generated) == (3, 0)
    assert len(await invoices_of(database, org_a, schedule.id)) == 3


async def test_concurrent_runs_generate_each_occurrence_once(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    schedules = [
        await new_schedule(database, org_a, client, start_on=date(2025, 1, d), auto_issue=True)
        for d in (1, 2, 3)
    ]

    outcomes = await asyncio.gather(
        *(run(database, org_a, date(2025, 6, 30)) for _ in range(4)),
        run(database, None, date(2025, 6, 30)),
    )

    assert sum(outcome.generated for outcome in outcomes) == 18
    for schedule in schedules:
        invoices = await invoices_of(database, org_a, schedule.id)
        assert len(invoices) == 6
        assert len({invoice.issue_date for invoice in invoices}) == 6


async def test_a_run_for_one_organisation_never_touches_another(
    database: Database, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    theirs = await new_schedule(
        database, org_a, await new_client(database, org_a), start_on=date(2025, 1, 1)
    )
    ours = await new_schedule(
        database, org_b, await new_client(database, org_b), start_on=date(2025, 1, 1)
    )

    outcome = await run(database, org_b, date(2025, 2, 1))

    assert outcome.generated == 2
    assert len(await invoices_of(database, org_b, ours.id)) == 2
    assert await invoices_of(database, org_a, theirs.id) == []
    assert (await schedule_row(database, org_a, theirs.id)).generated_count == 0
