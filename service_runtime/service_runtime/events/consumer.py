"""Consumes domain events through a Redis consumer group, applying each at most once.

Per message: open a transaction -> insert (event id, group) into the inbox (skip if present)
-> run the handler -> commit -> XACK. A crash before the commit rolls everything back and the
message stays pending; a crash after the commit but before XACK redelivers a message whose
inbox row makes it a no-op. Pending messages are reclaimed (XCLAIM) once idle for the backoff
of their delivery count; after `max_attempts` deliveries a failing message is dead-lettered.

Idle time is measured on the consumer's clock (clock.py) from when it first saw the delivery
pending, minus the idle time Redis reported then, so tests advance a clock instead of waiting.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio as redis
from redis.exceptions import ResponseError
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.clock import SYSTEM_CLOCK, Clock
from service_runtime.database import Database
from service_runtime.events.checkpoints import Checkpoint, no_checkpoint
from service_runtime.events.deadletter import dead_letter
from service_runtime.events.envelope import EventEnvelope
from service_runtime.events.shutdown import finish_before_cancel
from service_runtime.logging import get_logger

log = get_logger(__name__)

Handler = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]
# redis-py's reply types are loose; these are the shapes XREADGROUP and XCLAIM return.
Message = tuple[bytes, dict[bytes, bytes]]
StreamReply = list[tuple[bytes, list[Message]]] | None
# One delivery of one message: (stream, message id, times delivered).
Delivery = tuple[str, bytes, int]
MAX_BACKOFF_SECONDS = 300.0


class EventConsumer:
    def __init__(
        self,
        database: Database,
        redis_client: redis.Redis,
        inbox: Table,
        *,
        group: str,
        handlers: dict[str, Handler],
        streams: list[str],
        consumer_name: str | None = None,
        max_attempts: int = 5,
        retry_base_seconds: float = 1.0,
        block_ms: int = 1000,
        checkpoint: Checkpoint = no_checkpoint,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.database = database
        self.redis = redis_client
        self.inbox = inbox
        self.group = group
        self.handlers = handlers
        self.streams = streams
        self.name = consumer_name or f"{group}-{socket.gethostname()}-{os.getpid()}"
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self.block_ms = block_ms
        self.checkpoint = checkpoint
        self.clock = clock
        # When each pending delivery was made, on `clock`, estimated when first seen pending.
        self._delivered_at: dict[Delivery, float] = {}

    def backoff_seconds(self, deliveries: int) -> float:
        backoff = self.retry_base_seconds * 2.0 ** max(deliveries - 1, 0)
        return min(backoff, MAX_BACKOFF_SECONDS)

    async def ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                await self.redis.xgroup_create(stream, self.group, id="0", mkstream=True)
            except ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise

    async def run(self) -> None:
        groups_missing = True
        while True:
            _raise_if_cancelled()
            try:
                if groups_missing:
                    await self.ensure_groups()
                    groups_missing = False
                await self.retry_pending()
                await self.read_new()
            except asyncio.CancelledError:
                raise
            except ResponseError as error:
                _raise_if_cancelled()
                if "NOGROUP" not in str(error):
                    log.exception("event_consumer_failed", group=self.group)
                    await self.clock.sleep(self.retry_base_seconds)
                    continue
                # The stream or its group is gone: Redis restarted without its data, or a
                # replica without them took over. Re-create the group from the stream's start;
                # the inbox skips whatever was applied already.
                log.warning("event_consumer_group_missing", group=self.group)
                groups_missing = True
            except Exception:
                _raise_if_cancelled()
                log.exception("event_consumer_failed", group=self.group)
                await self.clock.sleep(self.retry_base_seconds)

    async def read_new(self) -> int:
        """Read and handle new messages; returns how many arrived."""
        response: StreamReply = await self.redis.xreadgroup(  # type: ignore[assignment]
            self.group, self.name, dict.fromkeys(self.streams, ">"), count=50, block=self.block_ms
        )
        count = 0
        for stream, messages in response or []:
            for message_id, fields in messages:
                self.checkpoint("consumer.read")
                await finish_before_cancel(
                    self.handle(stream.decode(), message_id, fields, deliveries=1)
                )
                count += 1
        return count

    async def retry_pending(self) -> int:
        """Reclaim messages left pending (failed, or their consumer died) whose backoff is over."""
        handled = 0
        for stream in self.streams:
            for entry in await self._pending(stream):
                deliveries = int(entry["times_delivered"])
                if not self._backoff_over(stream, entry, deliveries):
                    continue
                # Claimed only if still idle as long as Redis just said: a delivery to anyone
                # since then resets its idle time, and the claim fails instead of doubling it.
                claimed: list[Message] = await self.redis.xclaim(  # type: ignore[assignment]
                    stream,
                    self.group,
                    self.name,
                    int(entry["time_since_delivered"]),
                    [entry["message_id"]],
                )
                for message_id, fields in claimed:
                    if fields is None:
                        continue  # trimmed from the stream meanwhile
                    await finish_before_cancel(
                        self.handle(stream, message_id, fields, deliveries=deliveries + 1)
                    )
                    handled += 1
        return handled

    async def _pending(self, stream: str) -> list[dict[str, Any]]:
        """The stream's oldest pending deliveries; forgets those no longer pending."""
        pending: list[dict[str, Any]] = await self.redis.xpending_range(
            stream, self.group, min="-", max="+", count=100
        )
        now = self.clock.now()
        seen = {
            (stream, entry["message_id"], int(entry["times_delivered"])): now
            - int(entry["time_since_delivered"]) / 1000
            for entry in pending
        }
        for delivery in [key for key in self._delivered_at if key[0] == stream]:
            if delivery not in seen:
                del self._delivered_at[delivery]
        for delivery, estimate in seen.items():
            self._delivered_at.setdefault(delivery, estimate)
        return pending

    def _backoff_over(self, stream: str, entry: dict[str, Any], deliveries: int) -> bool:
        delivered_at = self._delivered_at[(stream, entry["message_id"], deliveries)]
        return self.clock.now() - delivered_at >= self.backoff_seconds(deliveries)

    async def handle(
        self, stream: str, message_id: bytes, fields: dict[bytes, bytes], *, deliveries: int
    ) -> None:
        try:
            envelope = EventEnvelope.from_stream_fields(fields)
        except Exception as error:
            # A message that cannot be parsed will never succeed: dead-letter it at once.
            await self._give_up(stream, message_id, fields, error, deliveries)
            return
        handler = self.handlers.get(envelope.type)
        if handler is None:
            await self.redis.xack(stream, self.group, message_id)
            return
        try:
            await self._apply(envelope, handler)
        except Exception as error:
            if deliveries >= self.max_attempts:
                await self._give_up(stream, message_id, fields, error, deliveries)
            else:
                log.warning(
                    "event_handler_failed",
                    event_id=str(envelope.id),
                    type=envelope.type,
                    attempt=deliveries,
                    retry_in=self.backoff_seconds(deliveries),
                    error=repr(error),
                )
            return
        await self.redis.xack(stream, self.group, message_id)
        self.checkpoint("consumer.acked")

    async def _apply(self, envelope: EventEnvelope, handler: Handler) -> None:
        async with self.database.write() as session:
            self.checkpoint("consumer.began")
            inserted = await session.scalar(
                insert(self.inbox)
                .values(event_id=envelope.id, consumer_group=self.group, type=envelope.type)
                .on_conflict_do_nothing()
                .returning(self.inbox.c.event_id)
            )
            self.checkpoint("consumer.recorded")
            if inserted is not None:
                await handler(session, envelope)
            self.checkpoint("consumer.handled")
        self.checkpoint("consumer.committed")

    async def _give_up(
        self,
        stream: str,
        message_id: bytes,
        fields: dict[bytes, bytes],
        error: Exception,
        deliveries: int,
    ) -> None:
        await dead_letter(self.redis, stream, self.group, message_id, fields, error, deliveries)
        await self.redis.xack(stream, self.group, message_id)
        log.error("event_dead_lettered", stream=stream, group=self.group, attempts=deliveries)


def _raise_if_cancelled() -> None:
    """A cancel that lands in redis-py's socket timeout can come out as a timeout that its
    retry then swallows, the command succeeding on the second try: without this check the loop
    (and the shutdown waiting for it) would run on forever."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
