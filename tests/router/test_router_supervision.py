"""/api/services shows what the dev stack's supervisor recorded (ROUTER_SUPERVISOR_STATE): each
subgraph's restarts and last exit, and nothing extra when the file is absent or unreadable."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

STATE = {
    "services": {
        "financial": {
            "status": "running",
            "restarts": 2,
            "lastExit": {"code": -9, "signal": "SIGKILL", "at": "2026-12-03T12:50:40+00:00"},
        }
    }
}
SUPERVISION_FIELDS = {"supervisor", "restarts", "lastExit"}


async def _services(router: str) -> dict[str, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(f"{router}/api/services")
    assert response.status_code == 200
    return {service["name"]: service for service in response.json()["services"]}


async def test_services_carry_the_supervisors_restarts_and_last_exit(
    dedicated_router: Callable[[dict[str, str]], AbstractAsyncContextManager[str]],
    tmp_path: Path,
) -> None:
    state_file = tmp_path / "supervisor.json"
    state_file.write_text(json.dumps({"services": {}}))
    async with dedicated_router({"ROUTER_SUPERVISOR_STATE": str(state_file)}) as router:
        assert SUPERVISION_FIELDS.isdisjoint((await _services(router))["financial"])
        state_file.write_text(json.dumps(STATE))  # rewritten while the router runs
        services = await _services(router)
        state_file.write_text("{ half-written")
        unreadable = await _services(router)
    financial = services["financial"]
    assert financial["status"] == "healthy"
    assert financial["supervisor"] == "running"
    assert financial["restarts"] == 2
    assert financial["lastExit"] == STATE["services"]["financial"]["lastExit"]
    assert SUPERVISION_FIELDS.isdisjoint(services["auth"])  # not (yet) supervised
    assert all(SUPERVISION_FIELDS.isdisjoint(entry) for entry in unreadable.values())
