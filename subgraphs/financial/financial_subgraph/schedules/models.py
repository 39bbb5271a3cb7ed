"""Recurring invoice schedules, their occurrences, reminder policies and sent reminders.

Every row carries organization_id (row-level security needs no join).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from financial_subgraph.base import Base
from service_runtime.models import IdMixin, TimestampMixin

FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly")
SCHEDULE_STATUSES = ("active", "paused", "finished")
REMINDER_OUTCOMES = ("sent", "superseded")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class RecurringInvoice(IdMixin, TimestampMixin, Base):
    """A schedule that creates an invoice from `template` on every date of its rule."""

    __tablename__ = "recurring_invoices"
    __table_args__ = (
        CheckConstraint(_one_of("frequency", FREQUENCIES), name="frequency"),
        CheckConstraint(_one_of("status", SCHEDULE_STATUSES), name="status"),
        CheckConstraint("interval BETWEEN 1 AND 1000", name="interval"),
        CheckConstraint("end_after_count IS NULL OR end_after_count > 0", name="end_after_count"),
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="end_on"),
        CheckConstraint("end_after_count IS NULL OR end_on IS NULL", name="one_end_condition"),
        CheckConstraint("generated_count >= 0", name="generated_count"),
        # The scheduler's scan: active schedules of an organisation by next run date.
        Index("ix_recurring_invoices_due", "organization_id", "status", "next_run_on"),
        # The list's keyset order: newest first by (created_at, id).
        Index(
            "ix_recurring_invoices_organization_id_created_at_id",
            "organization_id",
            "created_at",
            "id",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column()
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"))
    name: Mapped[str | None] = mapped_column(Text)
    # The draft each occurrence creates, in the JSON form of template.py.
    template: Mapped[dict[str, Any]] = mapped_column(JSONB)
    frequency: Mapped[str] = mapped_column(Text)
    interval: Mapped[int] = mapped_column(Integer)
    start_on: Mapped[date] = mapped_column(Date)
    end_after_count: Mapped[int | None] = mapped_column(Integer)
    end_on: Mapped[date | None] = mapped_column(Date)
    auto_issue: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(Text)
    # None once the rule has no further date (status "finished").
    next_run_on: Mapped[date | None] = mapped_column(Date)
    generated_count: Mapped[int] = mapped_column(Integer, default=0)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Why the last attempt failed (e.g. no exchange rate to issue); cleared on success.
    last_error: Mapped[str | None] = mapped_column(Text)


class RecurringInvoiceOccurrence(IdMixin, Base):
    """One generated date of a schedule: the unique key makes every run idempotent."""

    __tablename__ = "recurring_invoice_occurrences"
    __table_args__ = (
        UniqueConstraint("schedule_id", "occurrence_date"),
        UniqueConstraint("schedule_id", "sequence"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    schedule_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recurring_invoices.id", ondelete="CASCADE")
    )
    occurrence_date: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)  # 1 for the first date of the rule
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="SET NULL"), index=True
    )
    issued: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )


class ReminderPolicy(TimestampMixin, Base):
    """Days relative to the due date on which a reminder is due (-3 = three days before)."""

    __tablename__ = "reminder_policies"
    __table_args__ = (CheckConstraint("cardinality(offsets_days) <= 20", name="offsets_count"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    offsets_days: Mapped[list[int]] = mapped_column(ARRAY(Integer))


class SentReminder(Base):
    """One row per (invoice, offset) handled: the reminder event goes out at most once.

    outcome "superseded": the scheduler caught up on several offsets at once and announced
    only the latest (see reminders/service.py); the row keeps the earlier one from going out later.
    """

    __tablename__ = "sent_reminders"
    __table_args__ = (CheckConstraint(_one_of("outcome", REMINDER_OUTCOMES), name="outcome"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True
    )
    offset_days: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_date: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text)
    event_id: Mapped[uuid.UUID | None] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
