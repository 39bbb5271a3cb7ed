"""An event consumer that audits delivery during the soak: it reads every service's stream
through its own consumer group, with an inbox, exactly like a real consuming service, and its
handler appends a row per application. An event applied twice shows as two rows; one never
applied, as none. It lives in a scratch schema of the soak's own database.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from sqlalchemy import Column, DateTime, MetaData, Table, Text, Uuid, func, text
from sqlalchemy.ext.asyncio import AsyncSession

from devstack.services import subgraphs
from devstack.stack import Stack
from service_runtime.database import Database
from service_runtime.events import EventConsumer, EventEnvelope, EventPayload, inbox_table
from service_runtime.logging import configure_logging

SCHEMA = "soak_audit"
GROUP = "soak-audit"
METADATA = MetaData(schema=SCHEMA)
INBOX = inbox_table(METADATA)
APPLIED = Table(
    "applied_events",
    METADATA,
    Column("event_id", Uuid, nullable=False),  # deliberately not unique: duplicates must show
    Column("type", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), server_default=func.now()),
)


def event_types() -> list[str]:
    """Every event type the stack's subgraphs declare (their events.py payload classes)."""
    for spec in subgraphs():
        importlib.import_module(f"{spec.module}.events")
    found, pending = set(), list(EventPayload.__subclasses__())
    while pending:
        payload = pending.pop()
        pending.extend(payload.__subclasses__())
        if hasattr(payload, "event_type"):
            found.add(payload.event_type)
    return sorted(found)


def streams() -> list[str]:
    return [f"events:{spec.name}" for spec in subgraphs()]


def redis_client(url: str) -> aioredis.Redis:
    # As the services' own clients: fail fast while Redis is down, the consumer loop retries.
    return aioredis.from_url(
        url, socket_connect_timeout=1, socket_timeout=5, retry=Retry(NoBackoff(), retries=1)
    )


async def record_application(session: AsyncSession, envelope: EventEnvelope) -> None:
    await session.execute(APPLIED.insert().values(event_id=envelope.id, type=envelope.type))


def log_path(stack: Stack) -> Path:
    return stack.config.data_dir / "soak-audit.log"


def log_to_file(path: Path) -> None:
    """The consumer's log lines (a retry per second while Redis or PostgreSQL is down, with
    a traceback) go to a file, counted at the end, rather than over the figures."""
    configure_logging("soak-audit", "INFO")
    root = logging.getLogger()
    handler = logging.FileHandler(path)
    handler.setFormatter(root.handlers[0].formatter)
    root.handlers = [handler]
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per health probe


def logged_events(stack: Stack) -> dict[str, int]:
    """How often each event name appears in the consumer's log (retries, failures)."""
    path = log_path(stack)
    lines = path.read_text().splitlines() if path.exists() else []
    return dict(
        Counter(json.loads(line).get("event", "?") for line in lines if line.startswith("{"))
    )


@contextlib.asynccontextmanager
async def audit_consumer(stack: Stack) -> AsyncIterator[Database]:
    """The audit consumer running in the background; yields its database."""
    log_to_file(log_path(stack))
    database = Database(stack.admin_url, pool_size=2, max_overflow=2)
    async with database.engine.begin() as connection:
        # A scratch schema of the harness, not a service's: no migrations to keep.
        await connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        await connection.run_sync(METADATA.create_all)
    client = redis_client(stack.redis_url)
    consumer = EventConsumer(
        database,
        client,
        INBOX,
        group=GROUP,
        handlers=dict.fromkeys(event_types(), record_application),
        streams=streams(),
        # Retried sooner than the default so a short run drains quickly; 8 attempts still
        # span about a minute of backoff, far longer than any fault the soak injects.
        retry_base_seconds=0.5,
        max_attempts=8,
    )
    task = asyncio.create_task(consumer.run())
    try:
        yield database
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()
        await database.dispose()
