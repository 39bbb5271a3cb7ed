"""Payment reminders: once per invoice and offset, only for open invoices, catch-up rule."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from financial_subgraph.invoice.issuing import void_invoice
from financial_subgraph.invoice.payments import record_payment
from financial_subgraph.schedules.models import SentReminder
from financial_subgraph.schedules.reminders.service import set_policy
from service_runtime.database import Database

from .conftest import events_of, issued_invoice, new_client, remind

REMINDER = "financial.invoice.reminder_due.v1"
ISSUED = date(2025, 3, 1)
DUE = ISSUED + timedelta(days=14)  # 2025-03-15


async def _policy(database: Database, organization_id: uuid.UUID, offsets: list[int]) -> None:
    async with database.write(organization_id=organization_id) as session:
        assert await set_policy(session, organization_id, offsets) == tuple(sorted(offsets))


async def test_each_offset_is_announced_once_with_its_payload(
    database: Database, org_a: uuid.UUID
) -> None:
    invoice = await issued_invoice(
        database, org_a, await new_client(database, org_a), issue_date=ISSUED
    )

    early = await remind(database, org_a, DUE - timedelta(days=4))
    before = await remind(database, org_a, DUE - timedelta(days=3))
    again = await remind(database, org_a, DUE - timedelta(days=2))
    week = await remind(database, org_a, DUE + timedelta(days=7))

    assert [early.sent, before.sent, again.sent, week.sent] == [0, 1, 0, 1]
    events = await events_of(database, org_a, REMINDER)
    assert events == [
        {
            "invoice_id": str(invoice.id),
            "number": invoice.number,
            "client_id": str(invoice.client_id),
            "due_date": "2025-03-15",
            "offset_days": offset,
            "days_overdue": offset,
            "balance_due": "119.00",
            "currency": "EUR",
        }
        for offset in (-3, 7)
    ]


async def test_after_downtime_only_the_latest_due_offset_is_sent(
    database: Database, org_a: uuid.UUID
) -> None:
    invoice = await issued_invoice(
        database, org_a, await new_client(database, org_a), issue_date=ISSUED
    )

    caught_up = await remind(database, org_a, DUE + timedelta(days=10))

    assert (caught_up.sent, caught_up.superseded) == (1, 1)
    [event] = await events_of(database, org_a, REMINDER)
    assert (event["offset_days"], event["days_overdue"]) == (7, 10)
    async with database.read(organization_id=org_a) as session:
        rows = (
            await session.scalars(select(SentReminder).order_by(SentReminder.offset_days))
        ).all()
    assert [(row.offset_days, row.outcome) for row in rows] == [(-3, "superseded"), (7, "sent")]
    assert rows[1].event_id is not None
    assert rows[0].invoice_id == invoice.id
    # An offset added later but earlier than one already handled never goes out.
    await _policy(database, org_a, [-3, 3, 7, 30])
    assert (await remind(database, org_a, DUE + timedelta(days=11))).sent == 0
    assert (await remind(database, org_a, DUE + timedelta(days=30))).sent == 1


async def test_paid_and_void_invoices_get_no_reminders(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    paid = await issued_invoice(database, org_a, client, issue_date=ISSUED)
    voided = await issued_invoice(database, org_a, client, issue_date=ISSUED)
    partly = await issued_invoice(database, org_a, client, issue_date=ISSUED)
    async with database.write(organization_id=org_a) as session:
        for invoice, amount in ((paid, Decimal("119.00")), (partly, Decimal("19.00"))):
            payment = await record_payment(
                session, org_a, invoice.id, amount=amount, paid_on=ISSUED, source="manual"
            )
            assert not hasattr(payment, "code"), payment
        assert not hasattr(await void_invoice(session, org_a, voided.id, "duplicate"), "code")

    outcome = await remind(database, org_a, DUE + timedelta(days=7))

    assert outcome.sent == 1
    [event] = await events_of(database, org_a, REMINDER)
    assert (event["invoice_id"], event["balance_due"]) == (str(partly.id), "100.00")


async def test_concurrent_runs_send_each_reminder_once(
    database: Database, org_a: uuid.UUID
) -> None:
    client = await new_client(database, org_a)
    for _ in range(3):
        await issued_invoice(database, org_a, client, issue_date=ISSUED)

    outcomes = await asyncio.gather(
        *(remind(database, org_a, DUE) for _ in range(3)), remind(database, None, DUE)
    )

    assert sum(outcome.sent for outcome in outcomes) == 3
    assert len(await events_of(database, org_a, REMINDER)) == 3


async def test_an_empty_policy_switches_reminders_off(database: Database, org_a: uuid.UUID) -> None:
    await issued_invoice(database, org_a, await new_client(database, org_a), issue_date=ISSUED)
    await _policy(database, org_a, [])

    assert (await remind(database, org_a, DUE + timedelta(days=40))).sent == 0
    assert await events_of(database, org_a, REMINDER) == []


async def test_reminders_of_one_organisation_never_touch_another(
    database: Database, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    await issued_invoice(database, org_a, await new_client(database, org_a), issue_date=ISSUED)
    await issued_invoice(database, org_b, await new_client(database, org_b), issue_date=ISSUED)

    outcome = await remind(database, org_b, DUE)

    assert outcome.sent == 1
    assert len(await events_of(database, org_b, REMINDER)) == 1
    assert await events_of(database, org_a, REMINDER) == []
