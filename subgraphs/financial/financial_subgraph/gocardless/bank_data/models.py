"""Bank accounts of ours fed from an account-data provider."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin


class BankDataConnection(IdMixin, TimestampMixin, Base):
    """A bank account of ours fed by an account at a bank-data provider."""

    __tablename__ = "bank_data_connections"
    __table_args__ = (UniqueConstraint("organization_id", "bank_account_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column()
    # The BANK domain's account (its tables live on another migration branch: no FK).
    bank_account_id: Mapped[uuid.UUID] = mapped_column()
    provider: Mapped[str] = mapped_column(Text)
    external_account_id: Mapped[str] = mapped_column(Text)
    # Transactions are fetched from this date on the next sync (a day of overlap is deduped).
    synced_through: Mapped[date | None] = mapped_column(Date)
    last_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
