"""Runs one job attempt: claim the row, run the kind's handler with a heartbeat, record the
outcome (succeeded, cancelled, retried with exponential backoff, or failed)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, func

from service_runtime.database import Database
from service_runtime.jobs.context import JobContext, JobHandler
from service_runtime.jobs.errors import JobCancelled, JobFailed, JobLeaseLost, bounded_json
from service_runtime.jobs.status import JobStatus
from service_runtime.jobs.store import JobStore
from service_runtime.logging import get_logger

log = get_logger(__name__)
UNEXPECTED = ("UNEXPECTED_ERROR", "Unexpected error.")


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(seconds=5)
    cap: timedelta = timedelta(minutes=30)

    def backoff(self, attempt: int) -> timedelta:
        """Wait before the attempt after `attempt` (1-based): base, 2x, 4x ... up to cap."""
        wait: timedelta = self.base * 2 ** max(attempt - 1, 0)
        return min(wait, self.cap)


class JobRunner:
    def __init__(
        self,
        database: Database,
        store: JobStore,
        handlers: Mapping[str, JobHandler],
        *,
        owner: str,
        lease: timedelta,
        retry: RetryPolicy,
    ) -> None:
        self.database = database
        self.store = store
        self.handlers = handlers
        self.owner = owner
        self.lease = lease
        self.retry = retry
        self.running: set[asyncio.Task[Any]] = set()  # attempts in progress, for shutdown

    async def run(self, job_id: str) -> None:
        """The worker's task: a message names a job; run it if it is due, else drop it."""
        try:
            parsed = uuid.UUID(job_id)
        except ValueError:
            log.warning("job_message_invalid")
            return
        row = await self.store.claim(parsed, self.owner, self.lease)
        if row is None:
            return  # a duplicate or stale message: the row says there is nothing to do
        context = self._context(row)
        task = asyncio.current_task()
        if task is not None:
            self.running.add(task)
            task.add_done_callback(self.running.discard)
        log.info("job_started", job_id=job_id, kind=row.kind, attempt=row.attempts)
        heartbeat = asyncio.create_task(self._heartbeat(context))
        try:
            await self._attempt(context)
        except asyncio.CancelledError:
            # The worker is shutting down: give the job back at once, not after its lease.
            await asyncio.shield(self._release(context))
            raise
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat

    async def give_back_running(self) -> None:
        """Cancel the attempts still running (each gives its job back), and wait for them."""
        for task in list(self.running):
            task.cancel()
        if self.running:
            await asyncio.wait(self.running, timeout=10)

    def _context(self, row: Row[Any]) -> JobContext:
        return JobContext(
            job_id=row.id,
            organization_id=row.organization_id,
            kind=row.kind,
            payload=row.payload,
            attempt=row.attempts,
            max_attempts=row.max_attempts,
            database=self.database,
            store=self.store,
            owner=self.owner,
            lease=self.lease,
        )

    async def _attempt(self, context: JobContext) -> None:
        handler = self.handlers.get(context.kind)
        try:
            if handler is None:
                raise JobFailed("UNKNOWN_JOB_KIND", "No worker of this service runs this kind.")
            result = bounded_json(await handler(context))
        except JobCancelled:
            await self._finish(context, JobStatus.CANCELLED)
        except JobLeaseLost:
            log.warning("job_lease_lost", job_id=str(context.job_id))
        except JobFailed as failure:
            await self._failed(context, failure.code, failure.message, retry=failure.retry)
        except Exception:
            log.exception("job_failed_unexpectedly", job_id=str(context.job_id))
            await self._failed(context, *UNEXPECTED, retry=True)
        else:
            values = {"result": result, "progress": 1.0, "error_code": None, "error_message": None}
            await self._finish(context, JobStatus.SUCCEEDED, **values)

    async def _failed(self, context: JobContext, code: str, message: str, *, retry: bool) -> None:
        error = {"error_code": code, "error_message": message}
        if not retry or context.attempt >= context.max_attempts:
            await self._finish(context, JobStatus.FAILED, **error)
            return
        wait = self.retry.backoff(context.attempt)
        log.info("job_retry_scheduled", job_id=str(context.job_id), retry_in=wait.total_seconds())
        await self._finish(
            context,
            JobStatus.QUEUED,
            next_attempt_at=func.now() + wait,
            dispatched_at=None,
            dispatches=0,
            **error,
        )

    async def _finish(self, context: JobContext, status: JobStatus, **values: Any) -> None:
        if await self.store.finish(context.job_id, self.owner, status, **values):
            log.info("job_finished", job_id=str(context.job_id), status=status.value)
        else:
            log.warning("job_lease_lost", job_id=str(context.job_id))

    async def _release(self, context: JobContext) -> None:
        """Queued again, this attempt not counted: stopping the worker is not the job's fault."""
        values = {"attempts": self.store.table.c.attempts - 1, "dispatched_at": None}
        with contextlib.suppress(Exception):
            await self.store.finish(
                context.job_id, self.owner, JobStatus.QUEUED, next_attempt_at=func.now(), **values
            )

    async def _heartbeat(self, context: JobContext) -> None:
        """Renew the lease while the handler works between progress points."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                cancel = await self.store.renew(context.job_id, self.owner, self.lease)
            except JobLeaseLost:
                return
            except Exception:
                log.warning("job_heartbeat_failed", job_id=str(context.job_id))
                continue
            context.cancel_requested = context.cancel_requested or cancel
