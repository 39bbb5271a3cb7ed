"""One service of the stack as a process: started, pumped, awaited ready, stopped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.logpump import LineHandler, pump
from devstack.processes import signal_group, spawn, terminate
from devstack.services import SubgraphSpec
from devstack.supervisor import REPORTED_LINES

LogSink = Callable[[str, str], None]
READY_TIMEOUT_SECONDS = 60.0
PUMP_DRAIN_SECONDS = 2.0  # for the last output of a stopped service


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    command: list[str]
    ready_path: str = "/health"
    # A process without HTTP (a job worker) is ready once it logged a line containing this.
    ready_line: str | None = None
    cwd: Path | None = None
    spec: SubgraphSpec | None = None  # None for the router
    process: asyncio.subprocess.Process | None = None
    pump: asyncio.Task[None] | None = None
    recent_lines: deque[str] = field(default_factory=lambda: deque(maxlen=REPORTED_LINES))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


async def launch(service: ServiceProcess, sink: LogSink) -> None:
    """Start the process, pump its output into `sink`, return once it answers its ready path."""
    service.recent_lines.clear()  # a crash report shows this run's lines only
    service.process = await spawn(
        service.command, {**os.environ, **service.env, "PYTHONUNBUFFERED": "1"}, service.cwd
    )
    assert service.process.stdout is not None
    service.pump = asyncio.create_task(
        pump(service.process.stdout, _line_handler(service, sink), service.name)
    )
    await wait_ready(service)


async def stop(service: ServiceProcess, grace: float, *, kill: bool = False) -> None:
    """SIGTERM, SIGKILL after `grace` seconds; `kill` sends SIGKILL at once, as a crash would."""
    if service.process is not None:
        if kill:
            signal_group(service.process, signal.SIGKILL)
        await terminate(service.process, grace)
    await finish_pump(service)


async def finish_pump(service: ServiceProcess) -> None:
    if service.pump is None:
        return
    # The pipe closes when the process is gone; a grandchild left holding it must not keep
    # the stop waiting.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(service.pump), PUMP_DRAIN_SECONDS)
    service.pump.cancel()


async def wait_ready(service: ServiceProcess) -> None:
    deadline = asyncio.get_running_loop().time() + READY_TIMEOUT_SECONDS
    async with httpx.AsyncClient(timeout=2) as client:
        while True:
            assert service.process is not None
            if service.process.returncode is not None:
                await finish_pump(service)
                raise RuntimeError(_exited_during_start_up(service))
            if await _is_ready(service, client):
                return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"{service.name} not ready in time")
            await asyncio.sleep(0.1)


async def _is_ready(service: ServiceProcess, client: httpx.AsyncClient) -> bool:
    if service.ready_line is not None:
        return any(service.ready_line in line for line in service.recent_lines)
    try:
        response = await client.get(f"{service.base_url}{service.ready_path}")
    except httpx.TransportError:
        return False
    return response.status_code == 200


def _line_handler(service: ServiceProcess, sink: LogSink) -> LineHandler:
    def handle(line: str) -> None:
        service.recent_lines.append(line)  # for a crash report
        sink(service.name, line)

    return handle


def _exited_during_start_up(service: ServiceProcess) -> str:
    assert service.process is not None
    lines = "\n".join(f"  > {line}" for line in service.recent_lines) or "  (no output)"
    code = service.process.returncode
    return f"{service.name} exited during start-up with code {code}; its last lines:\n{lines}"
