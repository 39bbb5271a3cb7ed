"""Categories, rules and what manual categorisation taught us.

Transactions themselves live in `bank_transactions` (the bank domain), whose categorisation
columns this domain fills. No foreign keys point at other domains' tables.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base

# Re-exported for the reports domain, which reads the tree with its own SQL.
from financial_subgraph.categories.models import Category as Category
from service_runtime.models import IdMixin, TimestampMixin


class CategorizationRule(IdMixin, TimestampMixin, Base):
    """Triggers and actions are JSON documents validated by `criteria` on save and load."""

    __tablename__ = "categorization_rules"
    __table_args__ = (
        CheckConstraint("match_mode IN ('all', 'any')", name="match_mode"),
        UniqueConstraint("organization_id", "name"),
        Index("ix_categorization_rules_organization_id_position", "organization_id", "position"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    match_mode: Mapped[str] = mapped_column(Text)
    stop_processing: Mapped[bool] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"), default=True)
    triggers: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class CounterpartyCategory(IdMixin, TimestampMixin, Base):
    """How often people chose `category_id` by hand for one (normalised) counterparty.

    `manual_count` counts transactions currently categorised by hand that way: a manual
    correction moves the count from the old category to the new one.
    """

    __tablename__ = "counterparty_categories"
    __table_args__ = (
        CheckConstraint("manual_count >= 0", name="manual_count"),
        CheckConstraint(
            "suggestion_state IS NULL OR suggestion_state IN ('accepted', 'dismissed')",
            name="suggestion_state",
        ),
        UniqueConstraint("organization_id", "counterparty_key", "category_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    counterparty_key: Mapped[str] = mapped_column(Text)
    # The latest spelling seen, shown to people and used for a suggested rule.
    counterparty: Mapped[str] = mapped_column(Text)
    category_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), index=True
    )
    manual_count: Mapped[int] = mapped_column(Integer, server_default=text("0"), default=0)
    suggestion_state: Mapped[str | None] = mapped_column(Text)
    suggested_rule_id: Mapped[uuid.UUID | None] = mapped_column()
