"""`devstack run` as a developer runs it: ready banner, a crashed subgraph restarted and shown in
the router's /api/services, and Ctrl-C (SIGINT) stopping everything, embedded servers included.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from devstack.logpump import pump

pytestmark = pytest.mark.e2e

READY_SECONDS = 240  # a cold start: initdb, migrations, Node
STOP_SECONDS = 30


def _free_offset() -> int:
    """A DEVSTACK_PORT_OFFSET under which the router's and subgraphs' ports are all free."""
    for _ in range(50):
        offset = random.randrange(20_000, 40_000)
        if all(_port_free(base + offset) for base in (3001, 3002, 3010)):
            return offset
    raise RuntimeError("no free ports")


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _processes_using(data_dir: Path) -> list[psutil.Process]:
    """Processes started for this data directory (PostgreSQL's -D, Redis's working directory)."""
    found = []
    for process in psutil.process_iter():
        try:
            if str(data_dir) in " ".join(process.cmdline()) or process.cwd().startswith(
                str(data_dir)
            ):
                found.append(process)
        except psutil.Error:
            continue
    return found


class RunningCommand:
    def __init__(self, process: asyncio.subprocess.Process, offset: int) -> None:
        self.process = process
        self.router = f"http://127.0.0.1:{3010 + offset}"
        self.lines: list[str] = []

    async def wait_for(self, text: str, seconds: float) -> None:
        async with asyncio.timeout(seconds):
            while not any(text in line for line in self.lines):
                assert self.process.returncode is None, "\n".join(self.lines[-40:])
                await asyncio.sleep(0.2)


@pytest.fixture
async def devstack_run() -> AsyncIterator[tuple[RunningCommand, Path]]:
    data_dir = Path(tempfile.mkdtemp(prefix="devstack-run-"))
    offset = _free_offset()
    env = {**os.environ, "DEVSTACK_DATA_DIR": str(data_dir), "DEVSTACK_PORT_OFFSET": str(offset)}
    for name in ("DATABASE_URL", "REDIS_URL", "DEVSTACK_STARTED_AT"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "devstack.cli", "run",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    command = RunningCommand(process, offset)
    assert process.stdout is not None
    reader = asyncio.create_task(pump(process.stdout, command.lines.append, "devstack run"))
    try:
        yield command, data_dir
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        for leftover in _processes_using(data_dir):
            leftover.kill()
        reader.cancel()
        shutil.rmtree(data_dir, ignore_errors=True)


async def _financial(http: httpx.AsyncClient, router: str) -> dict[str, Any]:
    services = (await http.get(f"{router}/api/services")).json()["services"]
    entry: dict[str, Any] = next(s for s in services if s["name"] == "financial")
    return entry


async def test_a_killed_subgraph_is_restarted_and_ctrl_c_stops_everything(
    devstack_run: tuple[RunningCommand, Path],
) -> None:
    command, data_dir = devstack_run
    await command.wait_for("platform ready in", READY_SECONDS)
    assert any(line.startswith("    export TOKEN=ey") for line in command.lines)
    async with httpx.AsyncClient(timeout=10) as http:
        before = await _financial(http, command.router)
        assert before["supervisor"] == "running"
        assert before["restarts"] == 0

        financial = psutil.Process(command.process.pid).children(recursive=True)
        victim = next(p for p in financial if "financial_subgraph" in " ".join(p.cmdline()))
        victim.kill()
        await command.wait_for("financial restarted (restart 1)", 120)
        after = await _financial(http, command.router)
    assert after["status"] == "healthy"
    assert after["restarts"] == 1
    assert after["lastExit"]["code"] == -9
    assert after["lastExit"]["signal"] == "SIGKILL"
    report = "\n".join(command.lines)
    assert "financial exited unexpectedly with code -9 (SIGKILL); its last lines:" in report
    assert "devstack |   > " in report

    started = time.monotonic()
    command.process.send_signal(signal.SIGINT)
    async with asyncio.timeout(STOP_SECONDS):
        assert await command.process.wait() == 0
    assert time.monotonic() - started < STOP_SECONDS
    assert command.lines[-1] == "stopped."
    await asyncio.sleep(1)  # PostgreSQL's background processes exit just after the postmaster
    assert _processes_using(data_dir) == []


async def test_ctrl_c_during_start_up_stops_everything(
    devstack_run: tuple[RunningCommand, Path],
) -> None:
    command, data_dir = devstack_run
    await command.wait_for("auth | ", READY_SECONDS)  # PostgreSQL is up, services starting
    command.process.send_signal(signal.SIGINT)
    async with asyncio.timeout(STOP_SECONDS):
        assert await command.process.wait() == 0
    assert not any("platform ready" in line for line in command.lines)
    assert command.lines[-1] == "stopped."
    await asyncio.sleep(1)
    assert _processes_using(data_dir) == []
