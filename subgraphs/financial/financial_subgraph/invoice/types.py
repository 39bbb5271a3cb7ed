"""GraphQL types of invoices, quotes and credit notes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry

from financial_subgraph.client.loaders import ClientByIdLoader
from financial_subgraph.client.types import Client
from financial_subgraph.context import Info
from financial_subgraph.currency.money import quantize
from financial_subgraph.invoice.enums import (
    DiscountKind,
    InvoiceKind,
    InvoiceStatus,
    PaymentSource,
    TaxMode,
)
from financial_subgraph.invoice.line_types import (
    Deposit,
    DiscountValue,
    InvoiceLine,
    InvoicePayment,
    LineTax,
    discount_of,
    id_of,
    plain,
)
from financial_subgraph.invoice.loaders import (
    CreditNotesByInvoiceIdLoader,
    InvoiceByIdLoader,
    LinesByInvoiceIdLoader,
    PaymentsByInvoiceIdLoader,
)
from financial_subgraph.invoice.models import Invoice as InvoiceRow
from financial_subgraph.invoice.status import is_overdue
from service_runtime.ids import parse_uuid
from service_runtime.pagination import PageInfo

# Re-exported: other modules import these from here.
__all__ = [
    "Deposit",
    "DiscountKind",
    "DiscountValue",
    "InvoiceKind",
    "InvoiceLine",
    "InvoicePayment",
    "InvoiceStatus",
    "LineTax",
    "PaymentSource",
    "TaxMode",
    "plain",
]


@strawberry.federation.type(keys=["id"])
class Invoice:
    """An invoice, quote or credit note. Other subgraphs reference it by id."""

    id: strawberry.ID
    kind: InvoiceKind
    status: InvoiceStatus
    number: str | None = strawberry.field(description="Assigned on issue; null for drafts.")
    client_id: strawberry.ID
    currency: str = strawberry.field(description="ISO-4217 code.")
    issue_date: date | None
    due_date: date | None = strawberry.field(description="For quotes: valid until.")
    payment_terms_days: int
    notes: str | None
    terms: str | None
    discount: DiscountValue | None = strawberry.field(description="The document discount.")
    deposit: Deposit | None
    subtotal: Decimal = strawberry.field(description="Sum of line amounts, as priced.")
    discount_total: Decimal
    net_total: Decimal = strawberry.field(description="Excluding every tax.")
    tax_total: Decimal
    total: Decimal = strawberry.field(description="netTotal + taxTotal.")
    amount_paid: Decimal
    amount_credited: Decimal
    balance_due: Decimal
    overdue: bool = strawberry.field(description="Open and past its due date (derived).")
    base_currency: str | None
    exchange_rate: Decimal | None = strawberry.field(description="At the issue date.")
    rate_date: date | None
    base_total: Decimal | None
    credited_invoice_id: strawberry.ID | None = strawberry.field(
        description="For a credit note: the invoice it credits."
    )
    source_quote_id: strawberry.ID | None
    converted_invoice_id: strawberry.ID | None
    issued_at: datetime | None
    voided_at: datetime | None
    void_reason: str | None
    created_at: datetime
    updated_at: datetime
    row_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: InvoiceRow, today: date | None = None) -> Invoice:
        currency = row.currency

        def money(value: Decimal) -> Decimal:
            return quantize(value, currency)

        deposit = None
        if row.deposit_amount is not None:
            deposit = Deposit(
                amount=money(row.deposit_amount),
                due_date=row.deposit_due_date,
                paid=row.amount_paid + row.amount_credited >= row.deposit_amount,
            )
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=InvoiceKind(row.kind),
            status=InvoiceStatus(row.status),
            number=row.number,
            client_id=strawberry.ID(str(row.client_id)),
            currency=currency,
            issue_date=row.issue_date,
            due_date=row.due_date,
            payment_terms_days=row.payment_terms_days,
            notes=row.notes,
            terms=row.terms,
            discount=discount_of(row.discount_kind, row.discount_value),
            deposit=deposit,
            subtotal=money(row.subtotal),
            discount_total=money(row.discount_total),
            net_total=money(row.net_total),
            tax_total=money(row.tax_total),
            total=money(row.total),
            amount_paid=money(row.amount_paid),
            amount_credited=money(row.amount_credited),
            balance_due=money(row.balance_due),
            overdue=is_overdue(row, today or datetime.now(UTC).date()),
            base_currency=row.base_currency,
            exchange_rate=plain(row.exchange_rate) if row.exchange_rate is not None else None,
            rate_date=row.rate_date,
            base_total=quantize(row.base_total, row.base_currency)
            if row.base_total is not None and row.base_currency
            else None,
            credited_invoice_id=id_of(row.credited_invoice_id),
            source_quote_id=id_of(row.source_quote_id),
            converted_invoice_id=id_of(row.converted_invoice_id),
            issued_at=row.issued_at,
            voided_at=row.voided_at,
            void_reason=row.void_reason,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row_id=row.id,
        )

    @strawberry.field
    async def client(self, info: Info) -> Client | None:
        row = await ClientByIdLoader.of(info).load(uuid.UUID(self.client_id))
        return Client.from_row(row) if row else None

    @strawberry.field(description="In position order, each with its taxes.")
    async def lines(self, info: Info) -> list[InvoiceLine]:
        rows = await LinesByInvoiceIdLoader.of(info).load(self.row_id)
        return [InvoiceLine.from_row(row, self.currency) for row in rows]

    @strawberry.field(description="Oldest first.")
    async def payments(self, info: Info) -> list[InvoicePayment]:
        rows = await PaymentsByInvoiceIdLoader.of(info).load(self.row_id)
        return [InvoicePayment.from_row(row, self.currency) for row in rows]

    @strawberry.field(description="Credit notes written against this invoice.")
    async def credit_notes(self, info: Info) -> list[Invoice]:
        rows = await CreditNotesByInvoiceIdLoader.of(info).load(self.row_id)
        return [Invoice.from_row(row) for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Invoice | None:
        # Tenant isolation: only invoices of the caller's own organisation resolve.
        principal = info.context.principal
        invoice_id = parse_uuid(id)
        if principal is None or principal.organization_id is None or invoice_id is None:
            return None
        row = await InvoiceByIdLoader.of(info).load(invoice_id)
        return cls.from_row(row) if row else None


@strawberry.type
class InvoiceEdge:
    cursor: str
    node: Invoice


@strawberry.type
class InvoiceConnection:
    edges: list[InvoiceEdge]
    page_info: PageInfo


@strawberry.type
class InvoicePayload:
    invoice: Invoice


@strawberry.type
class PaymentPayload:
    payment: InvoicePayment
    invoice: Invoice


@strawberry.type
class DeletedInvoice:
    id: strawberry.ID
