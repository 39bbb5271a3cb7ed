"""Job queries: one job of the caller's organisation, polled for status and progress."""

from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.ids import parse_uuid
from financial_subgraph.jobs.models import jobs
from financial_subgraph.jobs.types import Job
from financial_subgraph.tenancy import organization_of
from service_runtime.jobs.tenant import find_job
from service_runtime.permissions import requires_scopes

READ = requires_scopes(["financial:read"])


@strawberry.type
class JobQuery:
    @strawberry.field(extensions=READ, description="A background job; null when there is none.")
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        organization_id = organization_of(info.context.principal)
        job_id = parse_uuid(id)
        if job_id is None:
            return None
        async with info.context.database.read(organization_id=organization_id) as session:
            row = await find_job(session, jobs, organization_id, job_id)
        return Job.from_row(row) if row is not None else None
