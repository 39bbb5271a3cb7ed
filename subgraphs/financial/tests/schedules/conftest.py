"""Helpers of the schedules tests: clients, schedules and runs through the services."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from financial_subgraph.base import outbox
from financial_subgraph.client.service import ClientData, create_client
from financial_subgraph.invoice.drafts import DraftData, LineData, create_draft
from financial_subgraph.invoice.issuing import issue_invoice
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.totals import Tax
from financial_subgraph.schedules.generation import RecurringRun, run_due_schedules
from financial_subgraph.schedules.models import RecurringInvoice
from financial_subgraph.schedules.reminders.service import ReminderRun, run_due_reminders
from financial_subgraph.schedules.service import create_schedule
from financial_subgraph.schedules.template import InvoiceTemplate
from financial_subgraph.schedules.validation import ScheduleData
from service_runtime.database import Database

VAT = Tax("VAT", Decimal(19))


def template(price: str = "100.00", **overrides: Any) -> InvoiceTemplate:
    line = LineData("Hosting", Decimal(1), Decimal(price), taxes=(VAT,))
    return InvoiceTemplate(**{"currency": "EUR", "lines": (line,), **overrides})


async def new_client(
    database: Database, organization_id: uuid.UUID, name: str = "Acme"
) -> uuid.UUID:
    async with database.write(organization_id=organization_id) as session:
        client = await create_client(
            session, organization_id, ClientData(name=name, default_currency="EUR")
        )
        assert not hasattr(client, "code"), client
        return client.id  # type: ignore[union-attr]


async def new_schedule(
    database: Database,
    organization_id: uuid.UUID,
    client_id: uuid.UUID,
    *,
    start_on: date,
    frequency: str = "monthly",
    **fields: Any,
) -> RecurringInvoice:
    data = ScheduleData(
        client_id=client_id,
        template=fields.pop("template", template()),
        frequency=frequency,
        start_on=start_on,
        **fields,
    )
    async with database.write(organization_id=organization_id) as session:
        schedule = await create_schedule(session, organization_id, data, may_issue=True)
        assert isinstance(schedule, RecurringInvoice), schedule
        return schedule


async def run(database: Database, organization_id: uuid.UUID | None, as_of: date) -> RecurringRun:
    async with database.write(organization_id=organization_id) as session:
        return await run_due_schedules(session, organization_id, as_of)


async def invoices_of(
    database: Database, organization_id: uuid.UUID, schedule_id: uuid.UUID
) -> list[Invoice]:
    async with database.read(organization_id=organization_id) as session:
        rows = await session.scalars(
            select(Invoice)
            .where(
                Invoice.organization_id == organization_id,
                Invoice.recurring_schedule_id == schedule_id,
            )
            .order_by(Invoice.created_at, Invoice.id)
        )
        return list(rows.all())


async def schedule_row(
    database: Database, organization_id: uuid.UUID, schedule_id: uuid.UUID
) -> RecurringInvoice:
    async with database.read(organization_id=organization_id) as session:
        row = await session.get(RecurringInvoice, schedule_id)
        assert row is not None
        return row


async def events_of(
    database: Database, organization_id: uuid.UUID, event_type: str
) -> list[dict[str, Any]]:
    async with database.read() as session:
        rows = await session.execute(
            select(outbox.c.payload)
            .where(outbox.c.organization_id == organization_id, outbox.c.type == event_type)
            .order_by(outbox.c.seq)
        )
        return [dict(row.payload) for row in rows]


async def issued_invoice(
    database: Database,
    organization_id: uuid.UUID,
    client_id: uuid.UUID,
    *,
    issue_date: date,
    terms_days: int = 14,
    price: str = "100.00",
) -> Invoice:
    """An issued EUR invoice due `terms_days` after `issue_date` (119.00 with VAT)."""
    draft = DraftData(
        client_id=client_id,
        currency="EUR",
        payment_terms_days=terms_days,
        lines=(LineData("Consulting", Decimal(1), Decimal(price), taxes=(VAT,)),),
    )
    async with database.write(organization_id=organization_id) as session:
        created = await create_draft(session, organization_id, "invoice", draft)
        assert isinstance(created, Invoice), created
        issued = await issue_invoice(session, organization_id, created.id, issue_date=issue_date)
        assert isinstance(issued, Invoice), issued
        return issued


async def remind(database: Database, organization_id: uuid.UUID | None, as_of: date) -> ReminderRun:
    async with database.write(organization_id=organization_id) as session:
        return await run_due_reminders(session, as_of, organization_id)


SCHEDULE_FIELDS = """
id clientId name currency paymentTermsDays notes terms netTotal taxTotal total
frequency interval startOn endAfterCount endOn autoIssue status nextRunOn generatedCount
lastError upcomingDates(count: 3) client { id name }
lines { description quantity unitPrice discount { kind value } taxes { name rate mode compound } }
"""

RESULT = f"""
__typename
... on RecurringInvoicePayload {{ recurringInvoice {{ {SCHEDULE_FIELDS} }} }}
... on ScheduleError {{ code message field }}
"""

CREATE_SCHEDULE = f"""mutation($input: CreateRecurringInvoiceInput!) {{
  createRecurringInvoice(input: $input) {{ {RESULT} }} }}"""

UPDATE_SCHEDULE = f"""mutation($id: ID!, $input: UpdateRecurringInvoiceInput!) {{
  updateRecurringInvoice(id: $id, input: $input) {{ {RESULT} }} }}"""

PAUSE = f"mutation($id: ID!) {{ pauseRecurringInvoice(id: $id) {{ {RESULT} }} }}"
RESUME = f"mutation($id: ID!) {{ resumeRecurringInvoice(id: $id) {{ {RESULT} }} }}"
DELETE = """mutation($id: ID!) { deleteRecurringInvoice(id: $id) {
  __typename
  ... on DeleteRecurringInvoicePayload { deletedId }
  ... on ScheduleError { code message field } } }"""

RUN = """mutation($asOf: Date) { runSchedules(asOf: $asOf) {
  __typename
  ... on ScheduleRunResult { asOf invoicesGenerated invoicesIssued occurrencesFailed
                             remindersSent remindersSuperseded }
  ... on ScheduleError { code field } } }"""

LIST_SCHEDULES = """query($status: [RecurringStatus!], $first: Int! = 20, $after: String) {
  recurringInvoices(status: $status, first: $first, after: $after) {
    edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } } }"""

GET_SCHEDULE = f"""query($id: ID!) {{ recurringInvoice(id: $id) {{ {SCHEDULE_FIELDS}
  occurrences {{ occurrenceDate sequence issued invoiceId invoice {{ id status number total }} }}
}} }}"""

POLICY = "{ reminderPolicy { offsetsDays isDefault } }"
SET_POLICY = """mutation($offsets: [Int!]!) { setReminderPolicy(offsetsDays: $offsets) {
  __typename
  ... on ReminderPolicyPayload { policy { offsetsDays isDefault } }
  ... on ScheduleError { code field } } }"""


def schedule_input(client_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "clientId": client_id,
        "name": "Hosting",
        "frequency": "MONTHLY",
        "startOn": "2025-01-31",
        "lines": [
            {
                "description": "Hosting",
                "quantity": "1",
                "unitPrice": "100.00",
                "taxes": [{"name": "VAT", "rate": "19"}],
            }
        ],
        **overrides,
    }
