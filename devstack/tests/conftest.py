"""Fixtures for the dev stack's own tests: stand-in services (fake_service.py) as real processes."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from devstack import service_process
from devstack.service_process import ServiceProcess
from devstack.testing import LogCapture, free_port

FAKE_SERVICE = Path(__file__).with_name("fake_service.py")

FakeService = Callable[..., ServiceProcess]


@pytest.fixture
def log() -> LogCapture:
    return LogCapture()


@pytest.fixture
async def fake_service() -> AsyncIterator[FakeService]:
    """`fake_service("--long-line", "1000")`: a configured stand-in, killed after the test."""
    made: list[ServiceProcess] = []

    def make(*arguments: str) -> ServiceProcess:
        port = free_port()
        command = [sys.executable, str(FAKE_SERVICE), "--port", str(port), *arguments]
        service = ServiceProcess(name=f"fake{len(made)}", port=port, env={}, command=command)
        made.append(service)
        return service

    yield make
    for service in made:
        await service_process.stop(service, grace=0, kill=True)
