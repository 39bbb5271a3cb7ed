"""Enqueuing: a job row written in the caller's transaction, its message sent after commit.

Outbox-style: a mutation that rolls back enqueues nothing, and a commit followed by a crash (or
by a Redis hiccup) before the message went out loses nothing either: the row is queued, and
the sweeper sends its message again once it is overdue.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, event, func, insert
from sqlalchemy.ext.asyncio import AsyncSession
from taskiq_redis import RedisStreamBroker

from service_runtime.jobs import broker as engine
from service_runtime.jobs.errors import bounded_json
from service_runtime.jobs.status import JobStatus
from service_runtime.logging import get_logger

log = get_logger(__name__)
DEFAULT_MAX_ATTEMPTS = 5


class JobQueue:
    """One service's queue: its job table and its stream. Process-wide (like the database)."""

    def __init__(self, table: Table, redis_url: str) -> None:
        assert table.schema, "the job table lives in the service's schema"
        self.table = table
        self.schema = table.schema
        self.broker: RedisStreamBroker = engine.job_broker(redis_url, self.schema)
        self._sending: set[asyncio.Task[None]] = set()

    async def enqueue(
        self,
        session: AsyncSession,
        organization_id: uuid.UUID,
        kind: str,
        payload: Mapping[str, Any],
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> uuid.UUID:
        """Queue a job in `session`'s transaction; its message goes out once that commits."""
        job_id = uuid.uuid4()
        await session.execute(
            insert(self.table).values(
                id=job_id,
                organization_id=organization_id,
                kind=kind,
                status=JobStatus.QUEUED,
                payload=bounded_json(dict(payload), "payload"),
                max_attempts=max_attempts,
                # Counted as sent now: if the send after commit never happens, the sweeper
                # sends it once this is overdue.
                dispatched_at=func.now(),
                dispatches=1,
            )
        )
        self._send_after_commit(session, job_id)
        return job_id

    def _send_after_commit(self, session: AsyncSession, job_id: uuid.UUID) -> None:
        def committed(_session: Any) -> None:
            # Called inside the commit, on the event loop's thread: start the send, don't wait.
            task = asyncio.get_running_loop().create_task(self.send([job_id]))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

        event.listen(session.sync_session, "after_commit", committed, once=True)

    async def send_or_raise(self, job_ids: Iterable[uuid.UUID]) -> None:
        await engine.send(self.broker, self.schema, job_ids)

    async def send(self, job_ids: Iterable[uuid.UUID]) -> None:
        try:
            await self.send_or_raise(job_ids)
        except Exception as error:
            # The sweeper re-sends it; the job only starts a little later.
            log.warning("job_message_not_sent", error=type(error).__name__)

    async def close(self) -> None:
        if self._sending:
            await asyncio.wait(self._sending, timeout=5)
        await self.broker.shutdown()
