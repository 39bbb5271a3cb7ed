"""Schedule mutations. Who may do what (scopes from the token):
- financial:write (members): create, edit, pause, resume and delete schedules that make
  drafts for review;
- financial:admin (admins): the same for auto-issuing schedules (issuing is an admin action,
  and such a schedule issues with no one looking), the reminder policy, and runSchedules.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.date_window import DateWindow
from financial_subgraph.schedules import runner, service
from financial_subgraph.schedules.errors import (
    ScheduleError,
    ScheduleErrorCode,
    not_found,
    schedule_error,
)
from financial_subgraph.schedules.inputs import (
    CreateRecurringInvoiceInput,
    UpdateRecurringInvoiceInput,
)
from financial_subgraph.schedules.models import RecurringInvoice as ScheduleRow
from financial_subgraph.schedules.reminders import service as reminders
from financial_subgraph.schedules.types import (
    DeleteRecurringInvoicePayload,
    RecurringInvoice,
    RecurringInvoicePayload,
    ReminderPolicy,
    ReminderPolicyPayload,
    ScheduleRunResult,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.tenancy import tenant_of
from service_runtime.work import in_transaction, work_of

# runSchedules may look ahead (e.g. to prepare next month's drafts), but not indefinitely.
MAX_LOOKAHEAD = timedelta(days=366)

RecurringInvoiceResult = Annotated[
    RecurringInvoicePayload | ScheduleError, strawberry.union("RecurringInvoiceResult")
]
DeleteRecurringInvoiceResult = Annotated[
    DeleteRecurringInvoicePayload | ScheduleError, strawberry.union("DeleteRecurringInvoiceResult")
]
SetReminderPolicyResult = Annotated[
    ReminderPolicyPayload | ScheduleError, strawberry.union("SetReminderPolicyResult")
]
RunSchedulesResult = Annotated[
    ScheduleRunResult | ScheduleError, strawberry.union("RunSchedulesResult")
]


def _may_issue(info: Info) -> bool:
    principal = info.context.principal
    return principal is not None and principal.has_all(["financial:admin"])


def _outside_window(info: Info, dates: dict[str, date | None]) -> ScheduleError | None:
    """DATE_OUT_OF_RANGE for the first of `dates` (GraphQL field -> value) outside the window."""
    found = DateWindow.of(info.context.settings, runner.today()).first_problem(dates)
    if found is None:
        return None
    return schedule_error(ScheduleErrorCode.DATE_OUT_OF_RANGE, found[1], found[0])


def _result(outcome: ScheduleRow | ScheduleError) -> RecurringInvoicePayload | ScheduleError:
    if isinstance(outcome, ScheduleError):
        return outcome
    return RecurringInvoicePayload(recurring_invoice=RecurringInvoice.from_row(outcome))


async def _set_paused(
    info: Info, id: strawberry.ID, *, paused: bool
) -> RecurringInvoicePayload | ScheduleError:
    schedule_id = parse_uuid(id)
    if schedule_id is None:
        return not_found()
    work = work_of(info)
    outcome = await service.set_paused(
        work.session,
        work.organization_id,
        schedule_id,
        paused=paused,
        today=runner.today(),
        may_issue=_may_issue(info),
    )
    return _result(outcome)


@strawberry.type
class ScheduleMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Create a recurring invoice schedule."
    )
    async def create_recurring_invoice(
        self, info: Info, input: CreateRecurringInvoiceInput
    ) -> RecurringInvoiceResult:
        data = input.to_data()
        if isinstance(data, ScheduleError):
            return data
        outside = _outside_window(info, {"startOn": data.start_on, "endOn": data.end_on})
        if outside is not None:
            return outside
        work = work_of(info)
        outcome = await service.create_schedule(
            work.session, work.organization_id, data, may_issue=_may_issue(info)
        )
        return _result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Change a schedule; later runs use the new values.",
    )
    async def update_recurring_invoice(
        self, info: Info, id: strawberry.ID, input: UpdateRecurringInvoiceInput
    ) -> RecurringInvoiceResult:
        schedule_id: uuid.UUID | None = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, ScheduleError):
            return changes
        given = {"startOn": "start_on", "endOn": "end_on"}
        dates = {field: changes.schedule.get(name) for field, name in given.items()}
        outside = _outside_window(info, dates)
        if outside is not None:
            return outside
        if schedule_id is None:
            return not_found()
        work = work_of(info)
        outcome = await service.update_schedule(
            work.session,
            work.organization_id,
            schedule_id,
            changes.schedule,
            template_changes=changes.template,
            may_issue=_may_issue(info),
        )
        return _result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Stop making invoices until resumed."
    )
    async def pause_recurring_invoice(
        self, info: Info, id: strawberry.ID
    ) -> RecurringInvoiceResult:
        return await _set_paused(info, id, paused=True)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Resume from the next date on or after today; missed dates are skipped.",
    )
    async def resume_recurring_invoice(
        self, info: Info, id: strawberry.ID
    ) -> RecurringInvoiceResult:
        return await _set_paused(info, id, paused=False)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Delete a schedule; the invoices it made stay.",
    )
    async def delete_recurring_invoice(
        self, info: Info, id: strawberry.ID
    ) -> DeleteRecurringInvoiceResult:
        schedule_id = parse_uuid(id)
        if schedule_id is None:
            return not_found()
        work = work_of(info)
        outcome = await service.delete_schedule(
            work.session, work.organization_id, schedule_id, may_issue=_may_issue(info)
        )
        if isinstance(outcome, ScheduleError):
            return outcome
        return DeleteRecurringInvoicePayload(deleted_id=strawberry.ID(str(outcome)))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Set the reminder offsets in days from the due date (empty: no reminders).",
    )
    async def set_reminder_policy(
        self, info: Info, offsets_days: list[int]
    ) -> SetReminderPolicyResult:
        work = work_of(info)
        outcome = await reminders.set_policy(work.session, work.organization_id, offsets_days)
        if isinstance(outcome, ScheduleError):
            return outcome
        return ReminderPolicyPayload(
            policy=ReminderPolicy(offsets_days=list(outcome), is_default=False)
        )

    # Not in_transaction: the run is the background scheduler's (runner.run_for_organization),
    # which commits the generated invoices, then the reminders, in transactions of its own.
    @strawberry.mutation(
        extensions=SCOPES.admin,
        description="Run the organisation's due schedules and reminders now, up to asOf (today).",
    )
    async def run_schedules(self, info: Info, as_of: date | None = None) -> RunSchedulesResult:
        organization_id = tenant_of(info).organization_id
        today = runner.today()
        day = as_of or today
        if day > today + MAX_LOOKAHEAD:
            message = "asOf is at most a year ahead."
            return schedule_error(ScheduleErrorCode.INVALID_INPUT, message, "asOf")
        outside = _outside_window(info, {"asOf": day})
        if outside is not None:
            return outside
        summary = await runner.run_for_organization(info.context.database, organization_id, day)
        return ScheduleRunResult(
            as_of=day,
            invoices_generated=summary.recurring.generated,
            invoices_issued=summary.recurring.issued,
            occurrences_failed=summary.recurring.failed,
            reminders_sent=summary.reminders.sent,
            reminders_superseded=summary.reminders.superseded,
        )
