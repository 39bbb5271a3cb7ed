"""Job queries: one job of the caller's organisation, polled for status and progress."""

from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.jobs.models import jobs
from financial_subgraph.jobs.types import Job
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.jobs.tenant import find_job
from service_runtime.work import reading


@strawberry.type
class JobQuery:
    @strawberry.field(
        extensions=SCOPES.read, description="A background job; null when there is none."
    )
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        job_id = parse_uuid(id)
        if job_id is None:
            return None
        async with reading(info) as work:
            row = await find_job(work.session, jobs, work.organization_id, job_id)
        return Job.from_row(row) if row is not None else None
