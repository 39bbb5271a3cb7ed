"""Schedule input rules. The template is checked exactly as the invoice package checks a
draft (its own validate and totals), plus what a schedule needs: lines, a non-negative total
and a rule with at least one date."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.invoice import drafts
from financial_subgraph.invoice import validation as invoice_check
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.schedules.errors import (
    ScheduleError,
    ScheduleErrorCode,
    from_invoice_error,
    invalid_schedule,
    schedule_error,
)
from financial_subgraph.schedules.models import FREQUENCIES
from financial_subgraph.schedules.recurrence import Rule
from financial_subgraph.schedules.template import InvoiceTemplate

MAX_NAME = 200
MAX_INTERVAL = 1000
MAX_OCCURRENCES = 10_000


@dataclass(frozen=True)
class ScheduleData:
    """Every editable attribute of a schedule (update replaces a changed subset)."""

    client_id: uuid.UUID
    template: InvoiceTemplate
    frequency: str
    start_on: date
    interval: int = 1
    end_after_count: int | None = None
    end_on: date | None = None
    auto_issue: bool = False
    name: str | None = None

    @property
    def rule(self) -> Rule:
        return Rule(self.frequency, self.interval, self.start_on, self.end_on)


def _check_rule(data: ScheduleData) -> ScheduleError | None:
    if data.frequency not in FREQUENCIES:
        return invalid_schedule("frequency", f"Use one of {', '.join(FREQUENCIES)}.")
    if not 1 <= data.interval <= MAX_INTERVAL:
        return invalid_schedule("interval", f"The interval is 1 to {MAX_INTERVAL}.")
    if data.end_after_count is not None and data.end_on is not None:
        return invalid_schedule("endOn", "End after a number of invoices or on a date, not both.")
    count = data.end_after_count
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        return invalid_schedule("endAfterCount", f"End after 1 to {MAX_OCCURRENCES} invoices.")
    if data.end_on is not None and data.end_on < data.start_on:
        return invalid_schedule("endOn", "The end date is before the start date.")
    if data.name is not None and len(data.name) > MAX_NAME:
        return invalid_schedule("name", f"A name has at most {MAX_NAME} characters.")
    return None


def _check_template(template: InvoiceTemplate, data: ScheduleData) -> ScheduleError | None:
    if not template.lines:
        return schedule_error(
            ScheduleErrorCode.NO_LINES, "A recurring invoice needs at least one line.", "lines"
        )
    draft = template.draft(data.client_id)
    assert template.currency is not None
    error = drafts.validate(draft, template.currency)
    if error is not None:
        return from_invoice_error(error)
    totals = drafts.totals_of(draft, template.currency)
    if isinstance(totals, InvoiceError):
        return from_invoice_error(totals)
    if totals.total < 0:
        message = f"The total is {totals.total} {template.currency}; it cannot be negative."
        return schedule_error(ScheduleErrorCode.NEGATIVE_TOTAL, message)
    return None


async def validate(
    session: AsyncSession, organization_id: uuid.UUID, data: ScheduleData
) -> ScheduleData | ScheduleError:
    """`data` with its currency resolved (the client's when omitted), or the first problem."""
    error = _check_rule(data)
    if error is not None:
        return error
    client = await ClientRepository(session, organization_id).get(data.client_id)
    if client is None:
        return schedule_error(ScheduleErrorCode.CLIENT_NOT_FOUND, "No such client.", "clientId")
    if client.archived_at is not None:
        return invalid_schedule("clientId", "The client is archived; restore it first.")
    currency = invoice_check.check_currency(data.template.currency or client.default_currency)
    if isinstance(currency, InvoiceError):
        return from_invoice_error(currency)
    template = replace(data.template, currency=currency)
    error = _check_template(template, data)
    if error is not None:
        return error
    name = data.name.strip() or None if data.name is not None else None
    return replace(data, template=template, name=name)
