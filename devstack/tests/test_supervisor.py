"""A crashed service is reported with its exit code and last lines, and restarted with back-off;
after too many crashes in a row it is left down with a clear message."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from devstack import service_process
from devstack.service_process import ServiceProcess
from devstack.supervisor import RestartPolicy, Supervisor
from devstack.testing import LogCapture

FakeService = Callable[..., ServiceProcess]  # the fake_service fixture (conftest.py)
QUICK = RestartPolicy(first_delay=0.05, max_delay=0.2, give_up_after=3, window=60)


def test_back_off_doubles_up_to_the_cap() -> None:
    policy = RestartPolicy(first_delay=1, max_delay=30)
    assert [policy.delay(crashes) for crashes in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


@pytest.fixture
async def supervisor(tmp_path: Path, log: LogCapture) -> AsyncIterator[Supervisor]:
    async def launch(service: ServiceProcess) -> None:
        await service_process.launch(service, log)

    supervising = Supervisor(
        launch, lambda message: log("devstack", message), tmp_path / "state.json", QUICK
    )
    yield supervising
    await supervising.stop()


def _state(supervisor: Supervisor) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(supervisor.state_file.read_text())
    return document["services"]


async def _until(condition: Callable[[], bool], seconds: float = 20) -> None:
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 - the state lives in a file
            await asyncio.sleep(0.05)


async def test_a_killed_service_is_reported_and_restarted(
    supervisor: Supervisor, fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service()
    await service_process.launch(service, log)
    supervisor.watch(service)
    assert service.process is not None
    first_pid = service.process.pid
    os.kill(first_pid, signal.SIGKILL)

    await _until(lambda: _state(supervisor)[service.name]["restarts"] == 1)
    await _until(lambda: _state(supervisor)[service.name]["status"] == "running")
    entry = _state(supervisor)[service.name]
    assert entry["lastExit"]["code"] == -9
    assert entry["lastExit"]["signal"] == "SIGKILL"
    report = "\n".join(log.lines)
    assert f"{service.name} exited unexpectedly with code -9 (SIGKILL); its last lines:" in report
    assert f"devstack |   > serving on {service.port} as pid {first_pid}" in report
    assert f"{service.name} restarted (restart 1)" in report
    assert service.process.pid != first_pid
    async with httpx.AsyncClient(timeout=5) as http:
        assert (await http.get(f"{service.base_url}/health")).status_code == 200


async def test_a_crash_loop_is_given_up_with_a_clear_message(
    supervisor: Supervisor, fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service("--exit-after", "0.3", "--code", "3")
    await service_process.launch(service, log)
    supervisor.watch(service)

    await _until(lambda: _state(supervisor)[service.name]["status"] == "failed")
    entry = _state(supervisor)[service.name]
    assert entry["restarts"] == 2
    assert entry["lastExit"]["code"] == 3
    assert entry["lastExit"]["signal"] is None
    report = "\n".join(log.lines)
    assert report.count("exited unexpectedly with code 3") == 3
    assert f"{service.name} crashed 3 times within 60s; not restarting it again." in report


async def test_a_service_stopped_on_purpose_is_not_restarted(
    supervisor: Supervisor, fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service()
    await service_process.launch(service, log)
    supervisor.watch(service)
    supervisor.unwatch(service.name)
    await service_process.stop(service, grace=5)
    await asyncio.sleep(0.5)
    assert _state(supervisor)[service.name] == {
        "status": "stopped",
        "restarts": 0,
        "lastExit": None,
    }
    assert not any("exited unexpectedly" in line for line in log.lines)


async def test_a_service_failing_to_start_again_is_given_up_with_its_own_lines(
    supervisor: Supervisor, fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service()
    await service_process.launch(service, log)
    supervisor.watch(service)
    service.command = [sys.executable, "-c", "import sys; print('config broken'); sys.exit(4)"]
    assert service.process is not None
    service.process.kill()

    await _until(lambda: _state(supervisor)[service.name]["status"] == "failed")
    report = "\n".join(log.lines)
    assert report.count("exited unexpectedly with code 4; its last lines:") == 2
    assert report.count("devstack |   > config broken") == 2
    assert "restarted" not in report
