"""The request side of jobs: read and cancel one organisation's jobs (in its scoped session)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.jobs.status import FINISHED, JobStatus


async def find_job(
    session: AsyncSession, table: Table, organization_id: uuid.UUID, job_id: uuid.UUID
) -> Row[Any] | None:
    query = select(table).where(table.c.id == job_id, table.c.organization_id == organization_id)
    return (await session.execute(query)).first()


async def cancel_job(
    session: AsyncSession, table: Table, organization_id: uuid.UUID, job_id: uuid.UUID
) -> Row[Any] | None:
    """Cancel a queued job at once; ask a running one to stop at its next progress point.
    A finished job is returned unchanged (the caller says it cannot be cancelled); None when
    the organisation has no such job."""
    query = (
        select(table)
        .where(table.c.id == job_id, table.c.organization_id == organization_id)
        .with_for_update()
    )
    job = (await session.execute(query)).first()
    if job is None or JobStatus(job.status) in FINISHED:
        return job
    if job.status == JobStatus.QUEUED:
        values: dict[str, Any] = {"status": JobStatus.CANCELLED, "finished_at": func.now()}
    else:
        values = {}
    values |= {"cancel_requested_at": func.coalesce(table.c.cancel_requested_at, func.now())}
    statement = (
        update(table).where(table.c.id == job_id).values(updated_at=func.now(), **values)
    ).returning(table)
    updated: Row[Any] | None = (await session.execute(statement)).first()
    return updated
