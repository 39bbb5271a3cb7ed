"""The world of the job tests: a scratch schema with a job table, a stream of its own, the
test job kinds, and workers (in this process, or as real processes that can be killed).

Shared by the tests and by `jobs.worker_process` (a worker started as a separate process).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import redis.asyncio as redis
from sqlalchemy import MetaData, Row, func, text, update

from service_runtime.database import Database
from service_runtime.jobs import JobContext, JobFailed, JobQueue, jobs_table
from service_runtime.jobs.broker import stream_name
from service_runtime.jobs.context import JobHandler
from service_runtime.jobs.status import FINISHED, JobStatus
from service_runtime.jobs.store import JobStore
from service_runtime.jobs.tenant import find_job
from service_runtime.jobs.worker import JobWorker, WorkerDefinition
from service_runtime.settings import ServiceSettings

ORGANIZATION = uuid.UUID("00000000-0000-4000-8000-000000000001")
SETTLE_TIMEOUT_SECONDS = 20  # bounds every wait, so a bug fails a test instead of hanging it


@dataclass(frozen=True)
class WorldConfig:
    database_url: str
    redis_url: str
    schema: str = field(default_factory=lambda: f"jobs_test_{uuid.uuid4().hex[:12]}")

    def settings(self, **overrides: Any) -> ServiceSettings:
        fast = {
            "jobs_lease_seconds": 2.0,
            "jobs_sweep_interval_seconds": 0.1,
            "jobs_redispatch_seconds": 1.0,
            "jobs_retry_base_seconds": 0.3,
            "jobs_shutdown_grace_seconds": 1.0,
        }
        values = {"database_url": self.database_url, "redis_url": self.redis_url}
        return ServiceSettings(**{**values, **fast, **overrides})

    def as_json(self) -> str:
        return json.dumps(asdict(self))


# -- the test job kinds -----------------------------------------------------------------------
async def steps(context: JobContext) -> dict[str, Any]:
    """payload {"steps": n, "delay": s}: n progress points, s seconds apart."""
    count, delay = int(context.payload["steps"]), float(context.payload["delay"])
    for step in range(1, count + 1):
        await asyncio.sleep(delay)
        await context.progress(step / count, f"step {step} of {count}")
    return {"steps": count, "worker": context.owner}


def flaky(starts: list[float]) -> JobHandler:
    """Fails (unexpectedly) until attempt payload["succeed_on"]; records when each began."""

    async def run(context: JobContext) -> dict[str, int]:
        starts.append(asyncio.get_running_loop().time())
        if context.attempt < int(context.payload["succeed_on"]):
            raise RuntimeError("flaky provider")
        return {"attempt": context.attempt}

    return run


async def refuse(_context: JobContext) -> None:
    raise JobFailed("BAD_INPUT", "The input can never work.")


async def huge(_context: JobContext) -> str:
    return "x" * 100_000


def handlers(starts: list[float] | None = None) -> dict[str, JobHandler]:
    return {"steps": steps, "flaky": flaky(starts if starts is not None else []),
            "refuse": refuse, "huge": huge}  # fmt: skip


class World:
    def __init__(self, config: WorldConfig) -> None:
        self.config = config
        self.database = Database(config.database_url, pool_size=4, max_overflow=4)
        self.redis = redis.from_url(config.redis_url)
        self.table = jobs_table(MetaData(schema=config.schema))
        self.queue = JobQueue(self.table, config.redis_url)
        self.store = JobStore(self.database, self.table)
        self.stream = stream_name(config.schema)

    async def create_schema(self) -> None:
        # Every service schema is built by its migrations; only these library tests use create_all.
        async with self.database.engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{self.config.schema}"'))
            await connection.run_sync(self.table.metadata.create_all)

    async def drop_schema(self) -> None:
        async with self.database.engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{self.config.schema}" CASCADE'))
        await self.redis.delete(self.stream)

    async def close(self) -> None:
        await self.queue.close()
        await self.redis.aclose()
        await self.database.dispose()

    def worker(self, starts: list[float] | None = None, **settings: Any) -> JobWorker:
        definition = WorkerDefinition(
            self.config.settings(**settings), self.table, handlers(starts)
        )
        return JobWorker(definition)

    async def enqueue(self, kind: str, payload: dict[str, Any], **options: Any) -> uuid.UUID:
        async with self.database.write() as session:
            return await self.queue.enqueue(session, ORGANIZATION, kind, payload, **options)

    async def job(self, job_id: uuid.UUID) -> Row[Any]:
        async with self.database.read() as session:
            row = await find_job(session, self.table, ORGANIZATION, job_id)
        assert row is not None
        return row

    async def wait_for(
        self, job_id: uuid.UUID, ready: Callable[[Row[Any]], bool] = lambda row: False
    ) -> Row[Any]:
        """The job once `ready(row)` holds (by default: once it has finished)."""
        async with asyncio.timeout(SETTLE_TIMEOUT_SECONDS):
            while True:
                row = await self.job(job_id)
                if ready(row) or (JobStatus(row.status) in FINISHED):
                    return row
                await asyncio.sleep(0.05)

    async def messages(self) -> list[str]:
        """The job ids of the stream's messages, in order."""
        entries = await self.redis.xrange(self.stream)
        return [json.loads(fields[b"data"])["args"][0] for _, fields in entries]

    async def make_overdue(self, job_id: uuid.UUID) -> None:
        """As if its message had been sent long ago."""
        async with self.database.write() as session:
            t = self.table
            statement = update(t).where(t.c.id == job_id)
            await session.execute(
                statement.values(dispatched_at=func.now() - text("interval '1 hour'"))
            )
