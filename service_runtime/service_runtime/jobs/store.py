"""Every statement a worker runs on the job table, fenced by its lease.

Workers see every organisation's jobs: their transactions set app.job_runner = 'on', which the
`job_runner` row-level-security policy of the table admits (migrations.py). Every write of a
running job names the worker (`lease_owner`) and status, so a worker whose lease ran out and
whose job another worker took over writes nothing more.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Table, case, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.database import Database
from service_runtime.jobs.errors import JobLeaseLost
from service_runtime.jobs.status import JobStatus

WORKER_LOST = ("WORKER_LOST", "The worker running this job stopped before it finished.")


class JobStore:
    def __init__(self, database: Database, table: Table) -> None:
        self.database = database
        self.table = table

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.database.write() as session:
            await session.execute(text("SELECT set_config('app.job_runner', 'on', true)"))
            yield session

    async def claim(self, job_id: uuid.UUID, owner: str, lease: timedelta) -> Row[Any] | None:
        """Start an attempt of a queued job that is due; None when it is not (already running
        elsewhere, finished, cancelled, waiting for its retry time, or unknown)."""
        t = self.table
        statement = (
            update(t)
            .where(t.c.id == job_id, t.c.status == JobStatus.QUEUED)
            .where(t.c.next_attempt_at <= func.now())
            .values(
                status=JobStatus.RUNNING,
                attempts=t.c.attempts + 1,
                lease_owner=owner,
                lease_expires_at=func.now() + lease,
                started_at=func.coalesce(t.c.started_at, func.now()),
                updated_at=func.now(),
            )
            .returning(t)
        )
        async with self.session() as session:
            claimed: Row[Any] | None = (await session.execute(statement)).first()
        return claimed

    async def renew(self, job_id: uuid.UUID, owner: str, lease: timedelta, **values: Any) -> bool:
        """Extend the lease (and write `values`, e.g. progress); True when cancellation was
        requested. Raises JobLeaseLost when this worker no longer holds the job."""
        t = self.table
        statement = (
            update(t)
            .where(t.c.id == job_id, t.c.lease_owner == owner, t.c.status == JobStatus.RUNNING)
            .values(lease_expires_at=func.now() + lease, updated_at=func.now(), **values)
            .returning(t.c.cancel_requested_at)
        )
        async with self.session() as session:
            row = (await session.execute(statement)).first()
        if row is None:
            raise JobLeaseLost(str(job_id))
        return row.cancel_requested_at is not None

    async def finish(self, job_id: uuid.UUID, owner: str, status: JobStatus, **values: Any) -> bool:
        """End the attempt (succeeded, failed, cancelled, or queued again for a retry)."""
        t = self.table
        ended = {"finished_at": func.now()} if status is not JobStatus.QUEUED else {}
        statement = (
            update(t)
            .where(t.c.id == job_id, t.c.lease_owner == owner, t.c.status == JobStatus.RUNNING)
            .values(
                status=status,
                lease_owner=None,
                lease_expires_at=None,
                updated_at=func.now(),
                **ended,
                **values,
            )
        )
        async with self.session() as session:
            result = await session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def recover_abandoned(self, limit: int) -> int:
        """Running jobs whose lease ran out (their worker died or hung): queued again for an
        immediate retry, or failed when no attempt is left."""
        t = self.table
        expired = (
            select(t.c.id)
            .where(t.c.status == JobStatus.RUNNING, t.c.lease_expires_at < func.now())
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        exhausted = t.c.attempts >= t.c.max_attempts
        statement = (
            update(t)
            .where(t.c.id.in_(expired.scalar_subquery()))
            .values(
                status=case((exhausted, JobStatus.FAILED.value), else_=JobStatus.QUEUED.value),
                finished_at=case((exhausted, func.now()), else_=None),
                error_code=WORKER_LOST[0],
                error_message=WORKER_LOST[1],
                lease_owner=None,
                lease_expires_at=None,
                next_attempt_at=func.now(),
                dispatched_at=None,
                updated_at=func.now(),
            )
        )
        async with self.session() as session:
            result = await session.execute(statement)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def due_for_dispatch(self, redispatch: timedelta, limit: int) -> Any:
        """Queued jobs that are due and whose message was never sent or is overdue: sent again
        after `redispatch`, doubling per re-send (at most 64 times it), so a long backlog is not
        flooded with duplicates."""
        t = self.table
        wait = redispatch * func.power(2, func.least(func.greatest(t.c.dispatches - 1, 0), 6))
        return (
            select(t.c.id)
            .where(t.c.status == JobStatus.QUEUED, t.c.next_attempt_at <= func.now())
            .where(or_(t.c.dispatched_at.is_(None), t.c.dispatched_at < func.now() - wait))
            .order_by(t.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
