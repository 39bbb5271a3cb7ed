"""Invoices, quotes and credit notes (one table, `kind`), their lines, taxes and payments,
and the per-organisation numbering settings and counters.

Every row carries organization_id (row-level security needs no join). Amounts are Numeric at
4 places (the widest ISO-4217 minor unit) and always hold values already rounded to the
document currency's minor units; the totals engine (totals.py) computes them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin

AMOUNT = Numeric(20, 4)
QUANTITY = Numeric(20, 6)
PRICE = Numeric(20, 6)
PERCENT = Numeric(9, 4)
RATE = Numeric(20, 10)

KINDS = ("invoice", "quote", "credit_note")
INVOICE_STATUSES = ("draft", "issued", "partially_paid", "paid", "void")
QUOTE_STATUSES = ("sent", "accepted", "declined", "converted")  # and draft
STATUSES = INVOICE_STATUSES + QUOTE_STATUSES
DISCOUNT_KINDS = ("percent", "amount")
PAYMENT_SOURCES = ("manual", "bank", "gocardless")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Invoice(IdMixin, TimestampMixin, Base):
    """An invoice, quote or credit note; immutable once issued (except its payment state)."""

    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint(_one_of("kind", KINDS), name="kind"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint("char_length(currency) = 3", name="currency_code"),
        CheckConstraint(
            "discount_kind IS NULL OR " + _one_of("discount_kind", DISCOUNT_KINDS),
            name="discount_kind",
        ),
        CheckConstraint("payment_terms_days BETWEEN 0 AND 3650", name="payment_terms"),
        # Numbers are unique per organisation and kind; drafts have none yet.
        UniqueConstraint("organization_id", "kind", "number"),
        # The list's keyset order: newest first by (created_at, id).
        Index("ix_invoices_organization_id_created_at_id", "organization_id", "created_at", "id"),
        Index("ix_invoices_organization_id_client_id", "organization_id", "client_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    kind: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(Text)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"))
    currency: Mapped[str] = mapped_column(Text)
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    payment_terms_days: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    terms: Mapped[str | None] = mapped_column(Text)
    discount_kind: Mapped[str | None] = mapped_column(Text)
    discount_value: Mapped[Decimal | None] = mapped_column(AMOUNT)
    # A requested deposit (part of the total due earlier than the rest), see service docs.
    deposit_amount: Mapped[Decimal | None] = mapped_column(AMOUNT)
    deposit_due_date: Mapped[date | None] = mapped_column(Date)

    subtotal: Mapped[Decimal] = mapped_column(AMOUNT)
    discount_total: Mapped[Decimal] = mapped_column(AMOUNT)
    net_total: Mapped[Decimal] = mapped_column(AMOUNT)
    tax_total: Mapped[Decimal] = mapped_column(AMOUNT)
    total: Mapped[Decimal] = mapped_column(AMOUNT)
    amount_paid: Mapped[Decimal] = mapped_column(AMOUNT)
    amount_credited: Mapped[Decimal] = mapped_column(AMOUNT)
    balance_due: Mapped[Decimal] = mapped_column(AMOUNT)

    # The total in the organisation's base currency at the issue date's rate (set on issue).
    base_currency: Mapped[str | None] = mapped_column(Text)
    exchange_rate: Mapped[Decimal | None] = mapped_column(RATE)
    rate_date: Mapped[date | None] = mapped_column(Date)
    base_total: Mapped[Decimal | None] = mapped_column(AMOUNT)

    credited_invoice_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("invoices.id"), index=True
    )
    source_quote_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"))
    converted_invoice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"))
    # Set by the schedules package for invoices a recurring schedule generated.
    recurring_schedule_id: Mapped[uuid.UUID | None] = mapped_column(index=True)

    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    void_reason: Mapped[str | None] = mapped_column(Text)

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="InvoiceLine.position",
    )


class InvoiceLine(IdMixin, Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        CheckConstraint(
            "discount_kind IS NULL OR " + _one_of("discount_kind", DISCOUNT_KINDS),
            name="discount_kind",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit_price: Mapped[Decimal] = mapped_column(PRICE)
    discount_kind: Mapped[str | None] = mapped_column(Text)
    discount_value: Mapped[Decimal | None] = mapped_column(AMOUNT)
    # quantity x unit price - line discount, rounded: the line as priced (taxes included
    # where a tax is inclusive), before the document discount.
    amount: Mapped[Decimal] = mapped_column(AMOUNT)
    document_discount: Mapped[Decimal] = mapped_column(AMOUNT)
    net_amount: Mapped[Decimal] = mapped_column(AMOUNT)  # excluding every tax
    tax_amount: Mapped[Decimal] = mapped_column(AMOUNT)
    gross_amount: Mapped[Decimal] = mapped_column(AMOUNT)  # net + tax

    invoice: Mapped[Invoice] = relationship(back_populates="lines", lazy="raise")
    taxes: Mapped[list[InvoiceLineTax]] = relationship(
        back_populates="line",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="InvoiceLineTax.position",
    )


class InvoiceLineTax(IdMixin, Base):
    __tablename__ = "invoice_line_taxes"
    __table_args__ = (CheckConstraint("mode IN ('exclusive', 'inclusive')", name="mode"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    line_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("invoice_lines.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    rate: Mapped[Decimal] = mapped_column(PERCENT)  # percent, 19 for 19 %
    mode: Mapped[str] = mapped_column(Text)
    compound: Mapped[bool] = mapped_column(server_default=text("false"), default=False)
    amount: Mapped[Decimal] = mapped_column(AMOUNT)

    line: Mapped[InvoiceLine] = relationship(back_populates="taxes", lazy="raise")


class InvoicePayment(IdMixin, TimestampMixin, Base):
    """Money received against an invoice, in the invoice's currency."""

    __tablename__ = "invoice_payments"
    __table_args__ = (
        # A reversal (chargeback, late failure) is a negative entry pointing at the payment it
        # undoes, so sums over payments are right at every date without filtering.
        CheckConstraint(
            "(amount > 0) = (reverses_payment_id IS NULL) AND amount <> 0", name="reversal_sign"
        ),
        CheckConstraint(_one_of("source", PAYMENT_SOURCES), name="source"),
        # Idempotency: a bank line or GoCardless payment is recorded at most once.
        Index(
            "uq_invoice_payments_organization_id_external_id",
            "organization_id",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    invoice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(AMOUNT)
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(Text)
    # `amount` in the base currency at paid_on's rate, and the realised gain (+) or loss (-)
    # against the same share of the invoice converted at its issue-date rate.
    base_currency: Mapped[str] = mapped_column(Text)
    exchange_rate: Mapped[Decimal] = mapped_column(RATE)
    base_amount: Mapped[Decimal] = mapped_column(AMOUNT)
    realised_fx_gain_loss: Mapped[Decimal] = mapped_column(AMOUNT)
    reverses_payment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("invoice_payments.id", ondelete="CASCADE"), unique=True
    )


class NumberingSettings(TimestampMixin, Base):
    """An organisation's number pattern for one kind; absent means the default pattern."""

    __tablename__ = "invoice_numbering"
    __table_args__ = (CheckConstraint(_one_of("kind", KINDS), name="kind"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    pattern: Mapped[str] = mapped_column(Text)
    yearly_reset: Mapped[bool] = mapped_column(default=False)


class NumberCounter(Base):
    """The last number used per (organisation, kind, scope, period).

    scope is '' for the organisation-wide counter or a client id for {client_counter};
    period is the issue year when the pattern resets yearly, else 0. Incremented with an
    atomic upsert inside the issuing transaction: the row lock serialises concurrent issuers
    and a rollback gives the number back.
    """

    __tablename__ = "invoice_number_counters"

    organization_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    scope: Mapped[str] = mapped_column(Text, primary_key=True)
    period: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
