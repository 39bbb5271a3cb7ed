"""The sweeper: what makes a restart lose no job. Every worker runs one; SKIP LOCKED lets them
share the work.

Each pass (1) queues again the running jobs whose lease ran out (their worker died), and
(2) sends the message of every queued job that is due and whose message was never sent or is
overdue: lost with a Redis that restarted empty, trimmed, never sent after a crash between
commit and send, or a retry whose backoff just ended (retries are sent only from here).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, update

from service_runtime.jobs.queue import JobQueue
from service_runtime.jobs.store import JobStore
from service_runtime.logging import get_logger

log = get_logger(__name__)
BATCH = 100


@dataclass
class SweepResult:
    recovered: int = 0
    dispatched: int = 0


class JobSweeper:
    def __init__(
        self, store: JobStore, queue: JobQueue, *, redispatch: timedelta, interval: float
    ) -> None:
        self.store = store
        self.queue = queue
        self.redispatch = redispatch
        self.interval = interval

    async def sweep_once(self) -> SweepResult:
        result = SweepResult(recovered=await self.store.recover_abandoned(BATCH))
        table = self.store.table
        async with self.store.session() as session:
            due = list(await session.scalars(self.store.due_for_dispatch(self.redispatch, BATCH)))
            if not due:
                return result
            # Sent before the commit that records it: a crash in between sends it twice,
            # which the claim makes harmless; the other order could lose it.
            await self.queue.send_or_raise(due)
            await session.execute(
                update(table)
                .where(table.c.id.in_(due))
                .values(dispatched_at=func.now(), dispatches=table.c.dispatches + 1)
            )
        result.dispatched = len(due)
        return result

    async def run(self) -> None:
        while True:
            try:
                swept = await self.sweep_once()
                if swept.recovered or swept.dispatched:
                    log.info("jobs_swept", recovered=swept.recovered, sent=swept.dispatched)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("jobs_sweep_failed", error=type(error).__name__)
            await asyncio.sleep(self.interval)
