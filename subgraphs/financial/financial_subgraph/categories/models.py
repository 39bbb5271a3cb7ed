"""The organisation's categories, a tree (a parent may not be archived under a live child)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin


class Category(IdMixin, TimestampMixin, Base):
    """A node of the organisation's category tree (parent_id None: a top-level category)."""

    __tablename__ = "categories"
    __table_args__ = (
        CheckConstraint("kind IN ('income', 'expense', 'transfer')", name="kind"),
        CheckConstraint("parent_id <> id", name="not_own_parent"),
        # Siblings have distinct names; NULLS NOT DISTINCT makes this hold at the top level too.
        UniqueConstraint(
            "organization_id", "parent_id", "name", postgresql_nulls_not_distinct=True
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
