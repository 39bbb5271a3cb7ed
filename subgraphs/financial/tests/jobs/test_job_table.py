"""financial.jobs as migrated: row-level security scopes a request to its organisation's jobs,
and only worker transactions (app.job_runner = 'on') see every organisation's."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, text

from devstack.stack import Stack
from financial_subgraph.jobs.models import jobs
from service_runtime.database import Database
from service_runtime.jobs import JobQueue
from service_runtime.jobs.tenant import find_job


@pytest.fixture
async def database(stack: Stack) -> AsyncIterator[Database]:
    made = Database(stack.database_urls["financial"], pool_size=2, max_overflow=0)
    yield made
    await made.dispose()


async def test_a_job_is_visible_to_its_organisation_and_to_workers_only(
    stack: Stack, database: Database
) -> None:
    owner, stranger = uuid.uuid4(), uuid.uuid4()
    queue = JobQueue(jobs, stack.redis_url)
    try:
        async with database.write(organization_id=owner) as session:
            job_id = await queue.enqueue(session, owner, "schedules.run", {"asOf": "2026-12-01"})
    finally:
        await queue.close()

    async with database.read(organization_id=owner) as session:
        assert await find_job(session, jobs, owner, job_id) is not None
    async with database.read(organization_id=stranger) as session:
        # Even a query that forgets the organisation filter sees nothing of another's.
        assert await session.scalar(select(func.count()).select_from(jobs)) == 0
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(jobs)) == 0
    async with database.write() as session:
        await session.execute(text("SELECT set_config('app.job_runner', 'on', true)"))
        assert await session.scalar(select(func.count()).select_from(jobs)) == 1
