"""A service's output never blocks it, and stopping it always finishes."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from devstack import service_process
from devstack.service_process import ServiceProcess
from devstack.testing import LogCapture

FakeService = Callable[..., ServiceProcess]  # the fake_service fixture (conftest.py)
MEGABYTE = 1024 * 1024


async def test_a_service_printing_megabyte_lines_keeps_answering(
    fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service("--long-line", str(MEGABYTE))
    await service_process.launch(service, log)
    async with httpx.AsyncClient(timeout=5) as http:
        for _ in range(5):  # each request prints another megabyte first
            response = await http.get(f"{service.base_url}/health")
            assert response.json() == {"status": "healthy"}
    started = time.monotonic()
    await service_process.stop(service, grace=10)
    assert time.monotonic() - started < 5
    truncated = [line for line in log.lines if "more bytes not shown" in line]
    requests = [line for line in log.lines if line.endswith("GET /health")]
    assert len(requests) >= 6  # the readiness probe's and ours
    assert len(truncated) == 1 + len(requests)  # one before serving, one per request
    assert all(len(line) < 4096 + 100 for line in log.lines)


async def test_stopping_a_service_that_ignores_sigterm_ends_within_the_grace_period(
    fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service("--ignore-sigterm", "--grandchild")
    await service_process.launch(service, log)
    started = time.monotonic()
    await service_process.stop(service, grace=1.5)
    assert 1.5 <= time.monotonic() - started < 6
    assert service.process is not None
    assert service.process.returncode == -9
    assert service.pump is not None
    assert service.pump.done()


async def test_a_service_dying_during_start_up_is_reported_with_its_last_lines(
    fake_service: FakeService, log: LogCapture
) -> None:
    service = fake_service("--port", "not-a-port")
    with pytest.raises(RuntimeError) as failure:
        await service_process.launch(service, log)
    message = str(failure.value)
    assert "exited during start-up with code 2" in message
    assert "invalid int value: 'not-a-port'" in message
