"""GraphQL inputs of the schedule mutations; lines and discounts are the invoice inputs."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import strawberry

from financial_subgraph.invoice.inputs import DiscountInput, LineInput
from financial_subgraph.schedules.errors import (
    ScheduleError,
    ScheduleErrorCode,
    invalid_schedule,
    schedule_error,
)
from financial_subgraph.schedules.template import InvoiceTemplate
from financial_subgraph.schedules.validation import ScheduleData
from service_runtime.ids import parse_uuid


@strawberry.enum
class RecurringFrequency(enum.Enum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


def _client_id(value: strawberry.ID) -> uuid.UUID | ScheduleError:
    client_id = parse_uuid(value)
    if client_id is None:
        return schedule_error(ScheduleErrorCode.CLIENT_NOT_FOUND, "No such client.", "clientId")
    return client_id


@strawberry.input(description="An invoice created on every date of a rule, as a draft or issued.")
class CreateRecurringInvoiceInput:
    client_id: strawberry.ID
    name: str | None = strawberry.field(default=None, description="A label, e.g. 'Hosting'.")
    currency: str | None = strawberry.field(
        default=None, description="ISO-4217 code; the client's default currency when omitted."
    )
    payment_terms_days: int | None = strawberry.field(
        default=None, description="The client's terms at each run when omitted."
    )
    notes: str | None = None
    terms: str | None = None
    discount: DiscountInput | None = None
    lines: list[LineInput] = strawberry.field(default_factory=list)
    frequency: RecurringFrequency
    interval: int = strawberry.field(default=1, description="Every `interval` periods.")
    start_on: date = strawberry.field(description="The first invoice's date.")
    end_after_count: int | None = strawberry.field(
        default=None, description="Stop after this many invoices (or give endOn, or neither)."
    )
    end_on: date | None = strawberry.field(default=None, description="No invoice after this.")
    auto_issue: bool = strawberry.field(
        default=False,
        description="Issue each invoice on its date (admins only); otherwise a draft to review.",
    )

    def to_data(self) -> ScheduleData | ScheduleError:
        client_id = _client_id(self.client_id)
        if isinstance(client_id, ScheduleError):
            return client_id
        template = InvoiceTemplate(
            currency=self.currency,
            payment_terms_days=self.payment_terms_days,
            notes=self.notes,
            terms=self.terms,
            discount=self.discount.to_data() if self.discount else None,
            lines=tuple(line.to_data() for line in self.lines),
        )
        return ScheduleData(
            client_id=client_id,
            template=template,
            frequency=self.frequency.value,
            interval=self.interval,
            start_on=self.start_on,
            end_after_count=self.end_after_count,
            end_on=self.end_on,
            auto_issue=self.auto_issue,
            name=self.name,
        )


@dataclass
class Changes:
    schedule: dict[str, Any] = field(default_factory=dict)
    template: dict[str, Any] = field(default_factory=dict)


@strawberry.input(description="Only the fields given change; lines are replaced whole.")
class UpdateRecurringInvoiceInput:
    client_id: strawberry.ID | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    payment_terms_days: int | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET
    terms: str | None = strawberry.UNSET
    discount: DiscountInput | None = strawberry.UNSET
    lines: list[LineInput] | None = strawberry.UNSET
    frequency: RecurringFrequency | None = strawberry.UNSET
    interval: int | None = strawberry.UNSET
    start_on: date | None = strawberry.UNSET
    end_after_count: int | None = strawberry.UNSET
    end_on: date | None = strawberry.UNSET
    auto_issue: bool | None = strawberry.UNSET

    def _given(self, name: str) -> bool:
        return getattr(self, name) is not strawberry.UNSET

    def to_changes(self) -> Changes | ScheduleError:
        required = ("client_id", "lines", "frequency", "interval", "start_on", "auto_issue")
        for name in required:
            if self._given(name) and getattr(self, name) is None:
                return invalid_schedule(name, f"{name} cannot be null.")
        changes = Changes()
        for name in ("name", "interval", "start_on", "end_after_count", "end_on", "auto_issue"):
            if self._given(name):
                changes.schedule[name] = getattr(self, name)
        if self._given("frequency"):
            changes.schedule["frequency"] = self.frequency.value  # type: ignore[union-attr]
        if self._given("client_id"):
            client_id = _client_id(self.client_id)  # type: ignore[arg-type]
            if isinstance(client_id, ScheduleError):
                return client_id
            changes.schedule["client_id"] = client_id
        for name in ("currency", "payment_terms_days", "notes", "terms"):
            if self._given(name):
                changes.template[name] = getattr(self, name)
        if self._given("discount"):
            changes.template["discount"] = self.discount.to_data() if self.discount else None
        if self._given("lines"):
            changes.template["lines"] = tuple(line.to_data() for line in self.lines or [])
        return changes
