"""End to end: the real service processes, over HTTP, with the real database and Redis."""

from __future__ import annotations

import asyncio
import json
import signal

import httpx
import pytest
import redis.asyncio as redis

from devstack.factories.auth import register
from devstack.smoke import run_smoke
from devstack.stack import Stack
from devstack.testing import LogCapture

pytestmark = pytest.mark.e2e


async def test_smoke_suite_passes_against_the_running_platform(running_stack: Stack) -> None:
    lines: list[str] = []
    services = {
        name: running_stack.url(name) for name in running_stack.services if name != "router"
    }
    failures = await run_smoke(
        running_stack.url("router"), services, running_stack.admin_url, output=lines.append
    )
    assert failures == 0, "\n".join(lines)
    assert lines[-1].endswith(" passed, 0 failed")


async def test_registration_event_reaches_the_auth_stream(running_stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("auth")) as http:
        registered = await register(
            http, email="events@example.com", displayName="Events", organizationName="Events Ltd"
        )
    user_id = registered["user"]["id"]

    client = redis.from_url(running_stack.redis_url)
    try:
        envelope = await _wait_for_event(client, "auth.user.registered.v1")
    finally:
        await client.aclose()
    assert envelope["payload"]["user_id"] == user_id
    assert envelope["payload"]["email"] == "events@example.com"
    assert envelope["organization_id"] == envelope["payload"]["organization_id"]


async def _wait_for_event(client: redis.Redis, event_type: str) -> dict:  # type: ignore[type-arg]
    async with asyncio.timeout(15):
        while True:
            for _id, fields in await client.xrange("events:auth"):
                if fields[b"type"].decode() == event_type:
                    return json.loads(fields[b"envelope"])
            await asyncio.sleep(0.2)


async def test_health_answers_in_the_seed_format(running_stack: Stack) -> None:
    async with httpx.AsyncClient() as http:
        body = (await http.get(f"{running_stack.url('auth')}/health")).json()
    assert body["service"] == "auth-svc"
    assert isinstance(body["uptime"], int)


async def test_service_stops_gracefully_and_restarts(running_stack: Stack) -> None:
    logs = running_stack.config.log_sink
    assert isinstance(logs, LogCapture)
    await running_stack.stop_service("auth")
    process = running_stack.services["auth"].process
    assert process is not None
    # uvicorn finishes its shutdown, then re-raises SIGTERM so the exit status tells why.
    assert process.returncode in (0, -signal.SIGTERM)
    assert any('"service_stopped"' in line for line in logs.lines[-20:])
    await running_stack.start_service("auth")
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"{running_stack.url('auth')}/health")).status_code == 200
