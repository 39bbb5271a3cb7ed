"""One Redis pub/sub connection per process, fanned out to the subscriptions it serves.

Every replica subscribes to the channels its own clients listen on, so any replica can serve
any subscriber. A subscription gets a bounded queue: a consumer that falls `queue_size` events
behind is ended with SUBSCRIPTION_LAGGING (it resubscribes and re-reads the state) instead of
growing memory without bound or stalling the others. The reader never blocks on a consumer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as redis
from redis.asyncio.client import PubSub

from service_runtime.errors import ClientError
from service_runtime.logging import get_logger

log = get_logger(__name__)


class LiveSubscription:
    """One subscriber's queue of events."""

    def __init__(self, queue_size: int) -> None:
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=queue_size)
        self.lagging = False

    def offer(self, event: dict[str, Any]) -> None:
        if self.lagging:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lagging = True  # nothing more is queued; the consumer is told at its next read

    async def next(self) -> dict[str, Any]:
        if self.lagging:
            raise ClientError(
                "This subscription fell too far behind and was ended; subscribe again.",
                "SUBSCRIPTION_LAGGING",
            )
        return await self._queue.get()


class LiveBroker:
    def __init__(self, redis_url: str, *, queue_size: int = 100) -> None:
        # No socket timeout: the reader waits on quiet channels; health checks find dead peers.
        self._redis = redis.Redis.from_url(
            redis_url, socket_connect_timeout=2, health_check_interval=30
        )
        self._pubsub: PubSub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._queue_size = queue_size
        self._listeners: dict[str, set[LiveSubscription]] = {}
        self._lock = asyncio.Lock()
        self._reader: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def subscription(self, channel: str) -> AsyncIterator[LiveSubscription]:
        subscription = LiveSubscription(self._queue_size)
        async with self._lock:
            listeners = self._listeners.setdefault(channel, set())
            if not listeners:
                await self._pubsub.subscribe(channel)
            listeners.add(subscription)
            if self._reader is None or self._reader.done():
                self._reader = asyncio.create_task(self._read(), name="live-broker-reader")
        try:
            yield subscription
        finally:
            async with self._lock:
                listeners.discard(subscription)
                if not listeners and self._listeners.get(channel) is listeners:
                    del self._listeners[channel]
                    with contextlib.suppress(redis.RedisError, OSError):
                        await self._pubsub.unsubscribe(channel)

    def subscribers(self, channel: str) -> int:
        return len(self._listeners.get(channel, ()))

    async def _read(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                # redis-py reconnects and re-subscribes on the next read; what was published
                # meanwhile is lost, as with any pub/sub gap (clients re-read state).
                log.warning("live_broker_read_failed", error=type(error).__name__)
                await asyncio.sleep(1.0)
                continue
            if message is not None and message.get("type") == "message":
                self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        channel = message["channel"].decode()
        try:
            event = json.loads(message["data"])
        except ValueError:
            log.warning("live_event_unreadable", channel=channel)
            return
        for subscription in list(self._listeners.get(channel, ())):
            subscription.offer(event)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        await self._redis.aclose()
