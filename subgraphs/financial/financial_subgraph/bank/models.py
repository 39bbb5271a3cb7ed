"""Bank accounts, their transactions, statement imports and saved CSV column mappings."""

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
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin

# Wide enough for any statement amount at any currency's minor units (BHD has 3).
AMOUNT = Numeric(20, 4)


class BankAccount(IdMixin, TimestampMixin, Base):
    """An account at a bank (or a card, a cash box) whose statements are imported."""

    __tablename__ = "bank_accounts"
    __table_args__ = (
        CheckConstraint("char_length(currency) = 3", name="currency_code"),
        Index("ix_bank_accounts_organization_id_name_id", "organization_id", "name", "id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(Text)
    iban: Mapped[str | None] = mapped_column(Text)
    account_number: Mapped[str | None] = mapped_column(Text)
    bank_name: Mapped[str | None] = mapped_column(Text)
    opening_balance: Mapped[Decimal] = mapped_column(
        AMOUNT, server_default=text("0"), default=Decimal(0)
    )
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BankImport(IdMixin, Base):
    """One statement file imported into an account, with what became of its rows."""

    __tablename__ = "bank_imports"

    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bank_accounts.id", ondelete="CASCADE"), index=True
    )
    format: Mapped[str] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer)
    imported: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )


class BankTransaction(IdMixin, TimestampMixin, Base):
    """One booked statement line. `amount` is signed: positive in, negative out."""

    __tablename__ = "bank_transactions"
    __table_args__ = (
        CheckConstraint("char_length(currency) = 3", name="currency_code"),
        # Re-importing a statement must not duplicate: both keys are unique per account.
        UniqueConstraint("account_id", "content_hash"),
        Index(
            "uq_bank_transactions_account_id_external_id",
            "account_id",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        # The list's keyset order within an account: newest first, then id.
        Index("ix_bank_transactions_account_id_booked_on_id", "account_id", "booked_on", "id"),
        Index("ix_bank_transactions_organization_id_booked_on", "organization_id", "booked_on"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bank_accounts.id", ondelete="CASCADE")
    )
    # Not indexed: imports are never deleted, and every index slows bulk inserts.
    import_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("bank_imports.id", ondelete="SET NULL")
    )
    booked_on: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(AMOUNT)
    currency: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, server_default=text("''"), default="")
    counterparty: Mapped[str | None] = mapped_column(Text)
    counterparty_account: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(Text)
    base_amount: Mapped[Decimal] = mapped_column(AMOUNT)
    base_currency: Mapped[str] = mapped_column(Text)
    exchange_rate: Mapped[Decimal] = mapped_column(Numeric(20, 10))
    # Filled by the categorisation domain (rules, learning, manual edits, the ai subgraph).
    category_id: Mapped[uuid.UUID | None] = mapped_column()
    category_source: Mapped[str | None] = mapped_column(Text)
    category_confidence: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"), default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[uuid.UUID | None] = mapped_column()
    invoice_id: Mapped[uuid.UUID | None] = mapped_column()


class CsvMapping(IdMixin, TimestampMixin, Base):
    """A saved description of one bank's CSV layout: which column holds what, and how."""

    __tablename__ = "csv_mappings"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(Text)
    date_column: Mapped[str] = mapped_column(Text)
    amount_column: Mapped[str | None] = mapped_column(Text)
    debit_column: Mapped[str | None] = mapped_column(Text)
    credit_column: Mapped[str | None] = mapped_column(Text)
    description_column: Mapped[str | None] = mapped_column(Text)
    counterparty_column: Mapped[str | None] = mapped_column(Text)
    counterparty_account_column: Mapped[str | None] = mapped_column(Text)
    external_id_column: Mapped[str | None] = mapped_column(Text)
    value_date_column: Mapped[str | None] = mapped_column(Text)
    date_format: Mapped[str] = mapped_column(Text, server_default=text("'%Y-%m-%d'"))
    decimal_separator: Mapped[str] = mapped_column(Text, server_default=text("'.'"))
    delimiter: Mapped[str] = mapped_column(Text, server_default=text("','"))
    skip_rows: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    encoding: Mapped[str] = mapped_column(Text, server_default=text("'utf-8'"))
