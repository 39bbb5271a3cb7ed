"""The world of the event tests: a scratch schema with an outbox, an inbox and an effects table,
a test event type with a stream of its own, and probes of what happened.

Shared by the tests (in-process) and by `crash_runner` (a separate process that dies mid-step).
"""

from __future__ import annotations

import asyncio
import secrets
import string
import uuid
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import redis.asyncio as redis
from sqlalchemy import Column, Integer, MetaData, Table, Text, Uuid, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.clock import ManualClock
from service_runtime.database import Database
from service_runtime.events import (
    EventConsumer,
    EventEnvelope,
    EventPayload,
    OutboxRelay,
    emit,
    inbox_table,
    outbox_table,
    stream_for,
)
from service_runtime.events.consumer import Handler
from service_runtime.events.deadletter import dead_letter_stream, list_dead_letters

GROUP = "ledger"
RETRY_BASE_SECONDS = 0.05
SETTLE_TIMEOUT_SECONDS = 10  # bounds every wait, so a bug fails a test instead of hanging it


class ThingHappened(EventPayload):
    """The test event; each scenario derives a subclass whose type has a domain of its own."""

    event_type: ClassVar[str] = "eventstest.thing.happened.v1"
    sequence: int


@dataclass(frozen=True)
class ScenarioConfig:
    """Everything another process needs to join a scenario."""

    database_url: str
    redis_url: str
    schema: str
    domain: str

    @classmethod
    def fresh(cls, database_url: str, redis_url: str) -> ScenarioConfig:
        # Event types allow letters only, so the random domain (and thus stream) is letters too.
        domain = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
        return cls(database_url, redis_url, f"events_test_{uuid.uuid4().hex[:12]}", domain)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class Scenario:
    def __init__(self, config: ScenarioConfig) -> None:
        self.config = config
        self.database = Database(config.database_url, pool_size=4, max_overflow=4)
        self.redis = redis.from_url(config.redis_url)
        self.metadata = MetaData(schema=config.schema)
        self.outbox = outbox_table(self.metadata)
        self.inbox = inbox_table(self.metadata)
        # One row per application of an event: a handler that ran twice leaves two rows.
        self.applied = Table(
            "applied",
            self.metadata,
            Column("event_id", Uuid, nullable=False),
            Column("consumer_group", Text, nullable=False),
            Column("sequence", Integer, nullable=False),
        )
        event_type = f"{config.domain}.thing.happened.v1"
        self.payload_type = type("ThingHappened", (ThingHappened,), {"event_type": event_type})
        self.stream = stream_for(event_type)
        # The consumers' clock: a wait for a retry's backoff advances it instead of sleeping.
        self.clock = ManualClock()

    async def create_schema(self) -> None:
        # Every service schema is built by its migrations; only these library tests use create_all.
        async with self.database.engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{self.config.schema}"'))
            await connection.run_sync(self.metadata.create_all)

    async def drop_schema(self) -> None:
        async with self.database.engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{self.config.schema}" CASCADE'))
        await self.redis.delete(self.stream, dead_letter_stream(self.stream))

    async def close(self) -> None:
        await self.redis.aclose()
        await self.database.dispose()

    def recorder(self, group: str) -> Handler:
        """A handler whose effect is one `applied` row per application."""

        async def record(session: AsyncSession, envelope: EventEnvelope) -> None:
            payload = envelope.payload_as(self.payload_type)
            await session.execute(
                insert(self.applied).values(
                    event_id=envelope.id, consumer_group=group, sequence=payload.sequence
                )
            )

        return record

    def relay(self, **options: Any) -> OutboxRelay:
        return OutboxRelay(self.database, self.redis, self.outbox, **options)

    def consumer(
        self, group: str = GROUP, handler: Handler | None = None, **options: Any
    ) -> EventConsumer:
        options = {
            "retry_base_seconds": RETRY_BASE_SECONDS,
            "block_ms": 10,
            "clock": self.clock,
            **options,
        }
        handlers = {self.payload_type.event_type: handler or self.recorder(group)}
        return EventConsumer(
            self.database, self.redis, self.inbox, group=group, handlers=handlers,
            streams=[self.stream], **options,
        )  # fmt: skip

    async def emit_things(self, count: int) -> list[uuid.UUID]:
        """Emit `count` events, each committed in a transaction of its own, in order."""
        ids = []
        for sequence in range(count):
            async with self.database.write() as session:
                payload = self.payload_type(sequence=sequence)
                ids.append((await emit(session, self.outbox, payload, None)).id)
        return ids

    async def relay_until_all_published(self) -> None:
        """Relay, as `OutboxRelay.run` does, until no outbox row is left unpublished.

        Polling (not stopping at the first empty batch) matters after a crash: the dead relay's
        row locks last until PostgreSQL notices its connection closed, and SKIP LOCKED skips them.
        """
        relay = self.relay()
        async with asyncio.timeout(SETTLE_TIMEOUT_SECONDS):
            while True:
                published = await relay.relay_once()
                if not published and not await self.unpublished_count():
                    return
                await asyncio.sleep(0.01)

    async def consume_until_quiet(self, consumer: EventConsumer) -> None:
        """Reclaim due retries and read new messages until nothing is new and nothing pending."""
        await consumer.ensure_groups()
        async with asyncio.timeout(SETTLE_TIMEOUT_SECONDS):
            while True:
                await consumer.retry_pending()
                arrived = await consumer.read_new()
                if not arrived and not await self.pending_count(consumer.group):
                    return
                await consumer.clock.sleep(consumer.retry_base_seconds / 2)

    async def applied_counts(self, group: str = GROUP) -> Counter[uuid.UUID]:
        query = select(self.applied.c.event_id).where(self.applied.c.consumer_group == group)
        async with self.database.read() as session:
            return Counter((await session.scalars(query)).all())

    async def inbox_event_ids(self, group: str = GROUP) -> list[uuid.UUID]:
        query = select(self.inbox.c.event_id).where(self.inbox.c.consumer_group == group)
        async with self.database.read() as session:
            return sorted((await session.scalars(query)).all())

    async def unpublished_count(self) -> int:
        query = (
            select(func.count())
            .select_from(self.outbox)
            .where(self.outbox.c.published_at.is_(None))
        )
        async with self.database.read() as session:
            return int(await session.scalar(query) or 0)

    async def published_event_ids(self) -> list[uuid.UUID]:
        """Event ids in stream order, one per message (a re-published event appears twice)."""
        messages = await self.redis.xrange(self.stream)
        return [EventEnvelope.from_stream_fields(fields).id for _, fields in messages]

    async def pending_count(self, group: str = GROUP) -> int:
        return int((await self.redis.xpending(self.stream, group))["pending"])

    async def dead_letters(self, group: str | None = None) -> list[dict[bytes, bytes]]:
        return [fields for _, fields in await list_dead_letters(self.redis, self.stream, group)]
