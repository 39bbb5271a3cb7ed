"""A Redis client that skips a failing Redis for a moment instead of waiting on it.

Everything the services keep in Redis fails open or retries later (login throttles, the PDF
cache, event relays and consumers), so a failing Redis should cost a request nothing. A
stopped one does not: connecting to a missing socket fails at once. A hanging one (paused,
swapping, a full network buffer) did: each command waited for the 2 s socket timeout, then
again for its retry, and a login's throttle sends several. After a failure, this client's
connections refuse every command for `cooldown` seconds (raising redis' ConnectionError, which
callers already handle), then let commands through again; the first failure re-opens it.
"""

from __future__ import annotations

import time
from typing import Any

import redis.asyncio as redis
from redis.asyncio.connection import AbstractConnection
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisCircuit:
    """Open for `cooldown` seconds after a failure; closed again by any success."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self.open_until = 0.0

    def check(self) -> None:
        if time.monotonic() < self.open_until:
            raise RedisConnectionError("Redis skipped: it failed less than a moment ago")

    def failed(self) -> None:
        self.open_until = time.monotonic() + self.cooldown

    def succeeded(self) -> None:
        self.open_until = 0.0


class _Guarded(AbstractConnection):
    circuit: RedisCircuit

    async def connect_check_health(self, *args: Any, **kwargs: Any) -> None:
        self.circuit.check()
        try:
            await super().connect_check_health(*args, **kwargs)
        except FAILURES:
            self.circuit.failed()
            raise

    async def send_packed_command(self, *args: Any, **kwargs: Any) -> None:
        self.circuit.check()
        await super().send_packed_command(*args, **kwargs)

    async def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            response = await super().read_response(*args, **kwargs)
        except FAILURES:
            self.circuit.failed()
            raise
        self.circuit.succeeded()
        return response


def guarded_redis(
    url: str,
    *,
    connect_timeout: float = 0.5,
    socket_timeout: float = 2.0,  # above the event consumers' 1 s blocking reads
    cooldown: float = 5.0,
) -> redis.Redis:
    """A client for `url` whose commands fail at once while its Redis is recently failing."""
    pool = redis.ConnectionPool.from_url(
        url,
        socket_connect_timeout=connect_timeout,
        socket_timeout=socket_timeout,
        retry=Retry(NoBackoff(), retries=1),
    )
    # from_url picks the connection class from the URL (TCP, TLS, unix socket): guard that one.
    base = pool.connection_class
    circuit = RedisCircuit(cooldown)  # shared by the pool's connections
    pool.connection_class = type(f"Guarded{base.__name__}", (_Guarded, base), {"circuit": circuit})
    return redis.Redis.from_pool(pool)  # owns the pool: aclose() closes its connections
