"""Job mutations: cancel a job (financial:write), start a schedule run as a job
(financial:admin, like runSchedules)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.date_window import DateWindow
from financial_subgraph.jobs import schedule_run
from financial_subgraph.jobs.errors import JobError, job_not_found, not_cancellable
from financial_subgraph.jobs.models import jobs
from financial_subgraph.jobs.queue import job_queue_of
from financial_subgraph.jobs.types import Job, JobPayload
from financial_subgraph.schedules.errors import ScheduleError, ScheduleErrorCode, schedule_error
from financial_subgraph.schedules.mutations import MAX_LOOKAHEAD
from financial_subgraph.schedules.runner import today
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.jobs import FINISHED, JobStatus
from service_runtime.jobs.tenant import cancel_job, find_job
from service_runtime.work import in_transaction, work_of

CancelJobResult = Annotated[JobPayload | JobError, strawberry.union("CancelJobResult")]
StartScheduleRunResult = Annotated[
    JobPayload | ScheduleError, strawberry.union("StartScheduleRunResult")
]


def _as_of_problem(info: Info, day: date) -> ScheduleError | None:
    if day > today() + MAX_LOOKAHEAD:
        message = "asOf is at most a year ahead."
        return schedule_error(ScheduleErrorCode.INVALID_INPUT, message, "asOf")
    found = DateWindow.of(info.context.settings, today()).first_problem({"asOf": day})
    if found is None:
        return None
    return schedule_error(ScheduleErrorCode.DATE_OUT_OF_RANGE, found[1], found[0])


@strawberry.type
class JobMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Cancel a job: a queued one at once, a running one at its next progress"
        " point (poll `job` to see it end as CANCELLED).",
    )
    async def cancel_job(self, info: Info, id: strawberry.ID) -> CancelJobResult:
        job_id = parse_uuid(id)
        if job_id is None:
            return job_not_found()
        work = work_of(info)
        row = await cancel_job(work.session, jobs, work.organization_id, job_id)
        if row is None:
            return job_not_found()
        if JobStatus(row.status) in FINISHED and row.cancel_requested_at is None:
            return not_cancellable()
        return JobPayload(job=Job.from_row(row))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Run the organisation's due schedules and reminders up to asOf (today) in"
        " the background; returns the job to poll.",
    )
    async def start_schedule_run(
        self, info: Info, as_of: date | None = None
    ) -> StartScheduleRunResult:
        day = as_of or today()
        problem = _as_of_problem(info, day)
        if problem is not None:
            return problem
        work = work_of(info)
        job_id = await job_queue_of(info).enqueue(
            work.session, work.organization_id, schedule_run.KIND, schedule_run.payload(day)
        )
        row = await find_job(work.session, jobs, work.organization_id, job_id)
        assert row is not None
        return JobPayload(job=Job.from_row(row))
