"""Per-organisation document templates and the seller details printed on documents."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin

KINDS = ("invoice", "quote", "credit_note")


class DocumentTemplate(IdMixin, TimestampMixin, Base):
    """A Jinja2 HTML template (and CSS) for one document kind; stored only once it renders."""

    __tablename__ = "document_templates"
    __table_args__ = (
        CheckConstraint("kind IN ('invoice', 'quote', 'credit_note')", name="kind"),
        CheckConstraint("primary_color IS NULL OR primary_color ~ '^#[0-9a-fA-F]{6}$'",
                        name="color"),
        Index("uq_document_templates_organization_id_kind_name", "organization_id", "kind", "name",
              unique=True),
        # At most one default per kind: the template documents of that kind render with.
        Index("uq_document_templates_default", "organization_id", "kind", unique=True,
              postgresql_where=text("is_default")),
    )  # fmt: skip

    organization_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    css: Mapped[str] = mapped_column(Text, server_default=text("''"), default="")
    is_default: Mapped[bool] = mapped_column(server_default=text("false"), default=False)
    primary_color: Mapped[str | None] = mapped_column(Text)
    logo_data_uri: Mapped[str | None] = mapped_column(Text)
    footer_text: Mapped[str | None] = mapped_column(Text)


class SellerProfile(TimestampMixin, Base):
    """Who the organisation's documents come from: legal name, address, tax id, bank."""

    __tablename__ = "seller_profiles"
    __table_args__ = (
        CheckConstraint("country IS NULL OR char_length(country) = 2", name="country"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(Text)
    address_line1: Mapped[str | None] = mapped_column(Text)
    address_line2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)  # ISO 3166-1 alpha-2
    tax_id: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    iban: Mapped[str | None] = mapped_column(Text)
    bic: Mapped[str | None] = mapped_column(Text)
    bank_name: Mapped[str | None] = mapped_column(Text)
    logo_data_uri: Mapped[str | None] = mapped_column(Text)
