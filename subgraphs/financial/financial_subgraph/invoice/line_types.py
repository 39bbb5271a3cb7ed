"""GraphQL types of an invoice's parts: lines with taxes, payments, discounts, deposits."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from financial_subgraph.currency.money import quantize
from financial_subgraph.invoice.enums import DiscountKind, PaymentSource, TaxMode
from financial_subgraph.invoice.models import InvoiceLine as LineRow
from financial_subgraph.invoice.models import InvoicePayment as PaymentRow


def plain(value: Decimal) -> Decimal:
    """`value` without trailing zeros and never in exponent form (100, not 1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@strawberry.type
class DiscountValue:
    kind: DiscountKind
    value: Decimal = strawberry.field(description="Percent (10 = 10 %) or an amount.")


@strawberry.type
class LineTax:
    name: str
    rate: Decimal = strawberry.field(description="Percent: 19 for 19 %.")
    mode: TaxMode
    compound: bool = strawberry.field(description="Levied on the net plus the taxes before it.")
    amount: Decimal


@strawberry.type
class InvoiceLine:
    id: strawberry.ID
    position: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: DiscountValue | None
    amount: Decimal = strawberry.field(description="Quantity x unit price - line discount.")
    document_discount: Decimal = strawberry.field(description="Share of the document discount.")
    net_amount: Decimal = strawberry.field(description="Excluding every tax.")
    tax_amount: Decimal
    gross_amount: Decimal
    taxes: list[LineTax]

    @classmethod
    def from_row(cls, row: LineRow, currency: str) -> InvoiceLine:
        discount = discount_of(row.discount_kind, row.discount_value)
        return cls(
            id=strawberry.ID(str(row.id)),
            position=row.position,
            description=row.description,
            quantity=plain(row.quantity),
            unit_price=plain(row.unit_price),
            discount=discount,
            amount=quantize(row.amount, currency),
            document_discount=quantize(row.document_discount, currency),
            net_amount=quantize(row.net_amount, currency),
            tax_amount=quantize(row.tax_amount, currency),
            gross_amount=quantize(row.gross_amount, currency),
            taxes=[
                LineTax(
                    name=tax.name,
                    rate=plain(tax.rate),
                    mode=TaxMode(tax.mode),
                    compound=tax.compound,
                    amount=quantize(tax.amount, currency),
                )
                for tax in row.taxes
            ],
        )


@strawberry.type
class InvoicePayment:
    id: strawberry.ID
    invoice_id: strawberry.ID
    amount: Decimal = strawberry.field(description="In the invoice's currency.")
    paid_on: date
    method: str | None
    reference: str | None
    source: PaymentSource
    external_id: str | None
    base_currency: str
    exchange_rate: Decimal = strawberry.field(description="1 invoice unit in base, on paidOn.")
    base_amount: Decimal
    realised_fx_gain_loss: Decimal = strawberry.field(
        description="Base amount at the payment's rate minus at the issue rate (+ is a gain)."
    )
    created_at: datetime
    reverses_payment_id: strawberry.ID | None = strawberry.field(
        description="Set on a reversal (chargeback, late failure): the payment it undoes;"
        " its amounts are that payment's, negated."
    )

    @classmethod
    def from_row(cls, row: PaymentRow, currency: str) -> InvoicePayment:
        return cls(
            id=strawberry.ID(str(row.id)),
            invoice_id=strawberry.ID(str(row.invoice_id)),
            amount=quantize(row.amount, currency),
            paid_on=row.paid_on,
            method=row.method,
            reference=row.reference,
            source=PaymentSource(row.source),
            external_id=row.external_id,
            base_currency=row.base_currency,
            exchange_rate=plain(row.exchange_rate),
            base_amount=quantize(row.base_amount, row.base_currency),
            realised_fx_gain_loss=quantize(row.realised_fx_gain_loss, row.base_currency),
            created_at=row.created_at,
            reverses_payment_id=(
                strawberry.ID(str(row.reverses_payment_id)) if row.reverses_payment_id else None
            ),
        )


@strawberry.type
class Deposit:
    amount: Decimal
    due_date: date | None
    paid: bool = strawberry.field(description="Payments so far cover the deposit.")


def discount_of(kind: str | None, value: Decimal | None) -> DiscountValue | None:
    if kind is None or value is None:
        return None
    return DiscountValue(kind=DiscountKind(kind), value=plain(value))


def id_of(value: uuid.UUID | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None
