"""A worker process: runs one service's jobs. It needs only the service's database and Redis
URLs (`<P>DATABASE_URL`, `<P>REDIS_URL`), so more of them on more machines scale it.

Each subgraph with jobs has `python -m <package>.worker`, which calls `run_worker`. SIGTERM
stops taking messages, lets running jobs finish for `jobs_shutdown_grace_seconds`, then gives
the rest back (queued again at once) and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Table, text
from taskiq.receiver import Receiver

from service_runtime.database import Database
from service_runtime.jobs.broker import job_broker, task_name
from service_runtime.jobs.context import JobHandler
from service_runtime.jobs.queue import JobQueue
from service_runtime.jobs.runner import JobRunner, RetryPolicy
from service_runtime.jobs.store import JobStore
from service_runtime.jobs.sweeper import JobSweeper
from service_runtime.logging import configure_logging, get_logger
from service_runtime.settings import ServiceSettings

log = get_logger(__name__)
LISTEN_RESTART_SECONDS = 1.0


@dataclass
class WorkerDefinition:
    settings: ServiceSettings
    table: Table
    handlers: Mapping[str, JobHandler]  # job kind -> handler


class JobWorker:
    def __init__(self, definition: WorkerDefinition, *, name: str | None = None) -> None:
        settings, table = definition.settings, definition.table
        assert table.schema
        self.settings = settings
        self.schema = table.schema
        self.name = name or f"{self.schema}-{socket.gethostname()}-{os.getpid()}"
        self.name += f"-{uuid.uuid4().hex[:6]}"  # a restarted worker is a new lease owner
        lease = timedelta(seconds=settings.jobs_lease_seconds)
        self.database = Database(
            settings.database_url, pool_size=settings.jobs_concurrency + 2, max_overflow=2
        )
        self.queue = JobQueue(table, settings.redis_url)
        store = JobStore(self.database, table)
        retry = RetryPolicy(
            base=timedelta(seconds=settings.jobs_retry_base_seconds),
            cap=timedelta(seconds=settings.jobs_retry_max_seconds),
        )
        self.runner = JobRunner(
            self.database, store, definition.handlers, owner=self.name, lease=lease, retry=retry
        )
        # A message is reclaimed from a silent consumer well after the lease would have run
        # out: by then the sweeper has usually queued the job again already.
        self.broker = job_broker(
            settings.redis_url, self.schema, consumer_name=self.name, reclaim_after=lease * 2
        )
        runner = self.runner

        async def run_job(job_id: str) -> None:  # taskiq registers functions, not methods
            await runner.run(job_id)

        self.broker.register_task(run_job, task_name=task_name(self.schema))
        self.sweeper = JobSweeper(
            store,
            self.queue,
            redispatch=timedelta(seconds=settings.jobs_redispatch_seconds),
            interval=settings.jobs_sweep_interval_seconds,
        )
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        """Take and run jobs until `stopping` is set."""
        await self._wait_for_table()
        sweeper = asyncio.create_task(self.sweeper.run())
        log.info("job_worker_started", worker=self.name, concurrency=self.settings.jobs_concurrency)
        try:
            while not self.stopping.is_set():
                await self._listen()
        finally:
            sweeper.cancel()
            await asyncio.gather(sweeper, return_exceptions=True)
            # Jobs that outlived the grace period are queued again now, not after their lease.
            await self.runner.give_back_running()
            await self.broker.shutdown()
            await self.queue.close()
            await self.database.dispose()
            log.info("job_worker_stopped", worker=self.name)

    async def _wait_for_table(self) -> None:
        """Workers start beside their service, which applies the migrations: until the job
        table exists there is nothing to do (and nothing to log every second)."""
        name = f"{self.schema}.{self.runner.store.table.name}"
        logged = False
        while not self.stopping.is_set():
            with contextlib.suppress(Exception):
                async with self.database.read() as session:
                    query = text("SELECT to_regclass(:name) IS NOT NULL")
                    if await session.scalar(query, {"name": name}):
                        return
            if not logged:
                log.info("job_worker_waiting_for_migrations", table=name)
                logged = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), LISTEN_RESTART_SECONDS)

    async def _listen(self) -> None:
        receiver = Receiver(
            self.broker,
            max_async_tasks=self.settings.jobs_concurrency,
            wait_tasks_timeout=self.settings.jobs_shutdown_grace_seconds,
            propagate_exceptions=False,
        )
        try:
            await receiver.listen(self.stopping)
        except Exception as error:
            # Redis gone, or restarted without the stream and its group (NOGROUP): the next
            # listen declares the group again; the sweeper re-sends what was lost.
            log.warning("job_listener_restarting", error=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), LISTEN_RESTART_SECONDS)


def run_worker(definition: WorkerDefinition) -> None:
    """The body of every `python -m <package>.worker`."""
    settings = definition.settings
    configure_logging(f"{settings.service_name}-worker", settings.log_level)

    async def main() -> None:
        worker = JobWorker(definition)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, worker.stopping.set)
        await worker.run()

    asyncio.run(main())
