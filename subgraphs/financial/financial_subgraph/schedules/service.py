"""Recurring invoice schedules: create, edit, pause, resume, delete. Services never commit.

Who may do what: members (financial:write) manage schedules that create drafts for review;
a schedule that issues automatically issues invoices with no one looking, and issuing is an
admin action, so creating, editing, resuming or deleting an auto-issuing schedule, or
switching auto-issue on, needs financial:admin (`may_issue`). Pausing is always allowed.

Pausing skips: dates that pass while a schedule is paused are not invoiced on resume.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.schedules import template as template_json
from financial_subgraph.schedules.errors import (
    ScheduleError,
    ScheduleErrorCode,
    not_found,
    schedule_error,
)
from financial_subgraph.schedules.models import RecurringInvoice
from financial_subgraph.schedules.recurrence import Rule
from financial_subgraph.schedules.repository import ScheduleRepository
from financial_subgraph.schedules.validation import ScheduleData, validate

RULE_FIELDS = ("frequency", "interval", "start_on", "end_after_count", "end_on")


def _admin_required() -> ScheduleError:
    message = "Only admins may manage schedules that issue invoices automatically."
    return schedule_error(ScheduleErrorCode.ADMIN_REQUIRED, message, "autoIssue")


def data_of(schedule: RecurringInvoice) -> ScheduleData:
    return ScheduleData(
        template=template_json.from_json(schedule.template),
        **{f.name: getattr(schedule, f.name) for f in fields(ScheduleData) if f.name != "template"},
    )


def rule_of(schedule: RecurringInvoice) -> Rule:
    return Rule(schedule.frequency, schedule.interval, schedule.start_on, schedule.end_on)


def _apply(schedule: RecurringInvoice, data: ScheduleData) -> None:
    for f in fields(ScheduleData):
        if f.name != "template":
            setattr(schedule, f.name, getattr(data, f.name))
    schedule.template = template_json.to_json(data.template)


def plan_next(schedule: RecurringInvoice, candidate: date | None) -> None:
    """Set next_run_on to `candidate` or finish the schedule when its end is reached."""
    count = schedule.end_after_count
    if candidate is None or (count is not None and schedule.generated_count >= count):
        schedule.status, schedule.next_run_on = "finished", None
        return
    schedule.next_run_on = candidate
    if schedule.status == "finished":
        schedule.status = "active"  # an edit extended a finished schedule


async def create_schedule(
    session: AsyncSession, organization_id: uuid.UUID, data: ScheduleData, *, may_issue: bool
) -> RecurringInvoice | ScheduleError:
    """A new active schedule whose first run is its start date."""
    if data.auto_issue and not may_issue:
        return _admin_required()
    valid = await validate(session, organization_id, data)
    if isinstance(valid, ScheduleError):
        return valid
    schedule = RecurringInvoice(organization_id=organization_id, status="active", generated_count=0)
    _apply(schedule, valid)
    plan_next(schedule, valid.rule.on_or_after(valid.start_on))
    await ScheduleRepository(session, organization_id).add(schedule)
    return schedule


async def update_schedule(
    session: AsyncSession,
    organization_id: uuid.UUID,
    schedule_id: uuid.UUID,
    changes: dict[str, Any],
    *,
    template_changes: dict[str, Any] | None = None,
    may_issue: bool,
) -> RecurringInvoice | ScheduleError:
    """Apply `changes` (ScheduleData field -> value) and `template_changes` (InvoiceTemplate
    field -> value; `lines` replaces all); later runs use the new values."""
    repository = ScheduleRepository(session, organization_id)
    schedule = await repository.get(schedule_id, lock=True)
    if schedule is None:
        return not_found()
    current = data_of(schedule)
    template = replace(current.template, **(template_changes or {}))
    data = replace(current, template=template, **changes)
    if (schedule.auto_issue or data.auto_issue) and not may_issue:
        return _admin_required()
    valid = await validate(session, organization_id, data)
    if isinstance(valid, ScheduleError):
        return valid
    _apply(schedule, valid)
    if any(name in changes for name in RULE_FIELDS) or schedule.status == "finished":
        last = await repository.last_occurrence_on(schedule.id)
        rule = valid.rule
        plan_next(schedule, rule.after(last) if last else rule.on_or_after(valid.start_on))
    await session.flush()
    return schedule


async def set_paused(
    session: AsyncSession,
    organization_id: uuid.UUID,
    schedule_id: uuid.UUID,
    *,
    paused: bool,
    today: date,
    may_issue: bool,
) -> RecurringInvoice | ScheduleError:
    """Pause an active schedule, or resume a paused one from its first date on or after
    `today` (dates missed while paused are skipped)."""
    repository = ScheduleRepository(session, organization_id)
    schedule = await repository.get(schedule_id, lock=True)
    if schedule is None:
        return not_found()
    wanted_from = "active" if paused else "paused"
    if schedule.status != wanted_from:
        message = f"The schedule is {schedule.status}; only {wanted_from} ones can be " + (
            "paused." if paused else "resumed."
        )
        return schedule_error(ScheduleErrorCode.INVALID_STATE, message)
    if paused:
        schedule.status = "paused"
    else:
        if schedule.auto_issue and not may_issue:
            return _admin_required()
        schedule.status = "active"
        last = await repository.last_occurrence_on(schedule.id)
        rule = rule_of(schedule)
        candidate = rule.on_or_after(today)
        if candidate is not None and last is not None and candidate <= last:
            candidate = rule.after(last)
        plan_next(schedule, candidate)
    await session.flush()
    return schedule


async def delete_schedule(
    session: AsyncSession, organization_id: uuid.UUID, schedule_id: uuid.UUID, *, may_issue: bool
) -> uuid.UUID | ScheduleError:
    """Delete the schedule and its occurrence log; invoices it made stay as they are."""
    repository = ScheduleRepository(session, organization_id)
    schedule = await repository.get(schedule_id, lock=True)
    if schedule is None:
        return not_found()
    if schedule.auto_issue and not may_issue:
        return _admin_required()
    await repository.remove(schedule.id)
    return schedule.id


async def schedules_page(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    statuses: Sequence[str],
    client_id: uuid.UUID | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[RecurringInvoice]:
    """Up to `limit` of the organisation's schedules, newest first, after `after`."""
    repository = ScheduleRepository(session, organization_id)
    return await repository.page(statuses=statuses, client_id=client_id, after=after, limit=limit)


async def schedule(
    session: AsyncSession, organization_id: uuid.UUID, schedule_id: uuid.UUID
) -> RecurringInvoice | None:
    return await ScheduleRepository(session, organization_id).get(schedule_id)
