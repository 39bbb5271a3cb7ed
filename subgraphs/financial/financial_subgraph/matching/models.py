"""Incoming payments whose invoice is left to a person (the matching domain's one table)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin


class PaymentMatchReview(IdMixin, TimestampMixin, Base):
    """An incoming payment whose invoice could not be chosen with confidence.

    `candidates` is a list of {invoice_id, score, reasons} as scored when it was queued.
    """

    __tablename__ = "payment_match_reviews"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed', 'dismissed')", name="status"),
        Index("ix_payment_match_reviews_organization_id_status", "organization_id", "status"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    transaction_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    invoice_id: Mapped[uuid.UUID | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
