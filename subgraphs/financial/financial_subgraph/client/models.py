from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin


class Client(IdMixin, TimestampMixin, Base):
    """A customer of an organisation: who invoices are addressed to."""

    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint("char_length(default_currency) = 3", name="currency_code"),
        CheckConstraint("payment_terms_days BETWEEN 0 AND 3650", name="payment_terms"),
        # The list's keyset order: (name, id) within one organisation.
        Index("ix_clients_organization_id_name_id", "organization_id", "name", "id"),
    )

    # Indexed through ix_clients_organization_id_name_id (its leading column).
    organization_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    tax_id: Mapped[str | None] = mapped_column(Text)
    default_currency: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    payment_terms_days: Mapped[int] = mapped_column(Integer, server_default=text("30"))
    address_line1: Mapped[str | None] = mapped_column(Text)
    address_line2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)  # ISO 3166-1 alpha-2
    notes: Mapped[str | None] = mapped_column(Text)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), default=dict
    )
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    contacts: Mapped[list[ClientContact]] = relationship(
        back_populates="client",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="ClientContact.position",
    )


class ClientContact(IdMixin, TimestampMixin, Base):
    __tablename__ = "client_contacts"

    # Repeated from the client so row-level security applies without a join.
    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    is_primary: Mapped[bool] = mapped_column(server_default=text("false"), default=False)

    client: Mapped[Client] = relationship(back_populates="contacts", lazy="raise")
