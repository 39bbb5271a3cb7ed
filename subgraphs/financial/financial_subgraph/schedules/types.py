"""GraphQL types of recurring invoices, reminder policies and scheduler runs."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from financial_subgraph.client.loaders import ClientByIdLoader
from financial_subgraph.client.types import Client
from financial_subgraph.context import Info
from financial_subgraph.currency.money import quantize
from financial_subgraph.invoice.loaders import InvoiceByIdLoader
from financial_subgraph.invoice.totals import Line, compute
from financial_subgraph.invoice.types import DiscountKind, DiscountValue, Invoice, TaxMode, plain
from financial_subgraph.schedules.inputs import RecurringFrequency
from financial_subgraph.schedules.loaders import OccurrencesByScheduleIdLoader
from financial_subgraph.schedules.models import RecurringInvoice as ScheduleRow
from financial_subgraph.schedules.models import RecurringInvoiceOccurrence as OccurrenceRow
from financial_subgraph.schedules.service import rule_of
from financial_subgraph.schedules.template import InvoiceTemplate, from_json
from service_runtime.pagination import PageInfo

MAX_UPCOMING = 50


@strawberry.enum
class RecurringStatus(enum.Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


@strawberry.type
class RecurringInvoiceTax:
    name: str
    rate: Decimal = strawberry.field(description="Percent: 19 for 19 %.")
    mode: TaxMode
    compound: bool


@strawberry.type
class RecurringInvoiceLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: DiscountValue | None
    taxes: list[RecurringInvoiceTax]


@strawberry.type(description="One date of a schedule and the invoice made for it.")
class RecurringOccurrence:
    occurrence_date: date
    sequence: int = strawberry.field(description="1 for the schedule's first invoice.")
    invoice_id: strawberry.ID | None = strawberry.field(
        description="Null once that invoice was deleted."
    )
    issued: bool

    @strawberry.field
    async def invoice(self, info: Info) -> Invoice | None:
        if self.invoice_id is None:
            return None
        row = await InvoiceByIdLoader.of(info).load(uuid.UUID(self.invoice_id))
        return Invoice.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: OccurrenceRow) -> RecurringOccurrence:
        return cls(
            occurrence_date=row.occurrence_date,
            sequence=row.sequence,
            invoice_id=strawberry.ID(str(row.invoice_id)) if row.invoice_id else None,
            issued=row.issued,
        )


def _discount(kind: str, value: Decimal) -> DiscountValue:
    return DiscountValue(kind=DiscountKind(kind), value=plain(value))


def _lines(template: InvoiceTemplate) -> list[RecurringInvoiceLine]:
    return [
        RecurringInvoiceLine(
            description=line.description,
            quantity=plain(line.quantity),
            unit_price=plain(line.unit_price),
            discount=_discount(line.discount.kind, line.discount.value) if line.discount else None,
            taxes=[
                RecurringInvoiceTax(
                    name=tax.name,
                    rate=plain(tax.rate),
                    mode=TaxMode.INCLUSIVE if tax.inclusive else TaxMode.EXCLUSIVE,
                    compound=tax.compound,
                )
                for tax in line.taxes
            ],
        )
        for line in template.lines
    ]


@strawberry.type(description="A schedule that creates an invoice on every date of its rule.")
class RecurringInvoice:
    id: strawberry.ID
    client_id: strawberry.ID
    name: str | None
    currency: str
    payment_terms_days: int | None = strawberry.field(
        description="Null: the client's payment terms at each run."
    )
    notes: str | None
    terms: str | None
    discount: DiscountValue | None
    lines: list[RecurringInvoiceLine]
    net_total: Decimal = strawberry.field(description="Each invoice's net, as the template is.")
    tax_total: Decimal
    total: Decimal
    frequency: RecurringFrequency
    interval: int
    start_on: date
    end_after_count: int | None
    end_on: date | None
    auto_issue: bool
    status: RecurringStatus
    next_run_on: date | None = strawberry.field(description="Null once finished.")
    generated_count: int
    last_run_at: datetime | None
    last_error: str | None = strawberry.field(
        description="Why the last attempt failed (retried on the next run); null after success."
    )
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[ScheduleRow]

    @classmethod
    def from_row(cls, row: ScheduleRow) -> RecurringInvoice:
        template = from_json(row.template)
        currency = template.currency or ""
        lines = [Line(x.quantity, x.unit_price, x.discount, x.taxes) for x in template.lines]
        totals = compute(lines, template.discount, currency)
        discount = template.discount
        return cls(
            id=strawberry.ID(str(row.id)),
            client_id=strawberry.ID(str(row.client_id)),
            name=row.name,
            currency=currency,
            payment_terms_days=template.payment_terms_days,
            notes=template.notes,
            terms=template.terms,
            discount=_discount(discount.kind, discount.value) if discount else None,
            lines=_lines(template),
            net_total=quantize(totals.net, currency),
            tax_total=quantize(totals.tax, currency),
            total=quantize(totals.total, currency),
            frequency=RecurringFrequency(row.frequency),
            interval=row.interval,
            start_on=row.start_on,
            end_after_count=row.end_after_count,
            end_on=row.end_on,
            auto_issue=row.auto_issue,
            status=RecurringStatus(row.status),
            next_run_on=row.next_run_on,
            generated_count=row.generated_count,
            last_run_at=row.last_run_at,
            last_error=row.last_error,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field
    async def client(self, info: Info) -> Client | None:
        row = await ClientByIdLoader.of(info).load(uuid.UUID(self.client_id))
        return Client.from_row(row) if row else None

    @strawberry.field(description="The next dates invoices will be made on (at most 50).")
    def upcoming_dates(self, count: int = 5) -> list[date]:
        row = self.row
        if row.status == "finished" or row.next_run_on is None or count < 1:
            return []
        left = None if row.end_after_count is None else row.end_after_count - row.generated_count
        wanted = min(count, MAX_UPCOMING, left if left is not None else MAX_UPCOMING)
        rule, dates = rule_of(row), [row.next_run_on]
        while len(dates) < wanted and (following := rule.after(dates[-1])) is not None:
            dates.append(following)
        return dates[:wanted]

    @strawberry.field(description="Dates generated so far, oldest first, with their invoices.")
    async def occurrences(self, info: Info) -> list[RecurringOccurrence]:
        rows = await OccurrencesByScheduleIdLoader.of(info).load(self.row.id)
        return [RecurringOccurrence.from_row(row) for row in rows]


@strawberry.type
class RecurringInvoiceEdge:
    cursor: str
    node: RecurringInvoice


@strawberry.type
class RecurringInvoiceConnection:
    edges: list[RecurringInvoiceEdge]
    page_info: PageInfo


@strawberry.type
class RecurringInvoicePayload:
    recurring_invoice: RecurringInvoice


@strawberry.type
class DeleteRecurringInvoicePayload:
    deleted_id: strawberry.ID


@strawberry.type(description="When payment reminders fall due, in days from the due date.")
class ReminderPolicy:
    offsets_days: list[int] = strawberry.field(
        description="Ascending; -3 is three days before the due date, 7 a week after."
    )
    is_default: bool = strawberry.field(description="True until the organisation sets its own.")


@strawberry.type
class ReminderPolicyPayload:
    policy: ReminderPolicy


@strawberry.type(description="What one run of the scheduler did.")
class ScheduleRunResult:
    as_of: date
    invoices_generated: int
    invoices_issued: int
    occurrences_failed: int = strawberry.field(description="Refused; retried on the next run.")
    reminders_sent: int
    reminders_superseded: int = strawberry.field(
        description="Older offsets skipped because a later one was due at the same time."
    )
