from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Numeric, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin


class ExchangeRate(IdMixin, Base):
    """One published rate: 1 `base` = `rate` `quote` on `rate_date`, per `source`.

    Reference data, not tenant data: ECB rates are public and the same for every organisation,
    so the table has no organization_id and no row-level security (storing one copy per
    tenant would only multiply identical rows). Organisation-specific rates, when they come,
    belong in their own tenant-scoped table.
    """

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("base", "quote", "rate_date", "source"),
        CheckConstraint("rate > 0", name="rate_positive"),
    )

    base: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    rate: Mapped[Decimal] = mapped_column(Numeric(20, 10))
    rate_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
