from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, Text
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import TimestampMixin


class OrganizationSettings(TimestampMixin, Base):
    """One row per organisation that changed a default; absent means every default applies."""

    __tablename__ = "organization_settings"
    __table_args__ = (CheckConstraint("char_length(base_currency) = 3", name="currency_code"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Reports and stored base amounts are in this currency.
    base_currency: Mapped[str] = mapped_column(Text)
