"""GoCardless links (client -> customer and mandate), collected payments, processed webhook
events and the webhook routing index."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin, utcnow

AMOUNT = Numeric(20, 4)


class MandateLink(IdMixin, TimestampMixin, Base):
    """A client's GoCardless customer and Direct Debit mandate (one per client)."""

    __tablename__ = "gocardless_mandate_links"
    __table_args__ = (
        UniqueConstraint("organization_id", "client_id"),
        CheckConstraint("char_length(currency) = 3", name="currency_code"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    currency: Mapped[str] = mapped_column(Text)
    customer_id: Mapped[str | None] = mapped_column(Text)
    billing_request_id: Mapped[str | None] = mapped_column(Text, unique=True)
    mandate_id: Mapped[str | None] = mapped_column(Text, unique=True)
    # setup_pending until the payer completes the flow, then the mandate's own status.
    status: Mapped[str] = mapped_column(Text)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GoCardlessPayment(IdMixin, TimestampMixin, Base):
    """A Direct Debit payment collected for an invoice's balance."""

    __tablename__ = "gocardless_payments"
    __table_args__ = (
        CheckConstraint("amount > 0 AND amount_minor > 0", name="positive_amount"),
        CheckConstraint("char_length(currency) = 3", name="currency_code"),
        Index("ix_gocardless_payments_organization_id_invoice_id", "organization_id", "invoice_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    gocardless_id: Mapped[str] = mapped_column(Text, unique=True)
    mandate_id: Mapped[str] = mapped_column(Text)
    # The key GoCardless saw: a retried collection finds the same payment, never a second one.
    idempotency_key: Mapped[str] = mapped_column(Text, unique=True)
    amount: Mapped[Decimal] = mapped_column(AMOUNT)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    charge_date: Mapped[date | None] = mapped_column(Date)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure_reason: Mapped[str | None] = mapped_column(Text)


class ProcessedEvent(Base):
    """A webhook event already handled: a redelivered event id changes nothing."""

    __tablename__ = "gocardless_events"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    resource_type: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    resource_id: Mapped[str | None] = mapped_column(Text)
    # applied, or why not: stale (older than the state we hold), ignored (no effect here).
    outcome: Mapped[str] = mapped_column(Text)
    processed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()"), default=utcnow
    )


class ResourceOwner(Base):
    """Which organisation a GoCardless id belongs to.

    Webhooks arrive without a tenant: this index (ids only, no business data) is read before
    a tenant can be set, so it is deliberately left outside row-level security.
    """

    __tablename__ = "gocardless_resource_owners"

    gocardless_id: Mapped[str] = mapped_column(Text, primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column()
    resource_type: Mapped[str] = mapped_column(Text)
