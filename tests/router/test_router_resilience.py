"""A subgraph dies under the running router, then comes back.

auth is the one killed: queries that touch only the financial subgraph keep working (the router
and financial verify tokens with the keys they cached before auth died), and a query spanning
both returns financial's data beside auth's error, which names the service
(SUBGRAPH_UNAVAILABLE rather than "Unexpected error."). The stack is session-wide: auth is
restarted even when a test fails.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from devstack.stack import Stack

pytestmark = pytest.mark.e2e

ME = "{ me { id } }"
CLIENTS = "{ clients(first: 1) { edges { node { id } } } }"
RECOVERY_TIMEOUT_SECONDS = 20


async def ensure_auth_running(stack: Stack) -> None:
    process = stack.services["auth"].process
    if process is None or process.returncode is not None:
        await stack.start_service("auth")


@pytest.fixture(scope="module")
async def reader_token(running_stack: Stack, token_mint: Any) -> str:
    """A financial reader's token, used once while auth is up so every verifier caches the key."""
    token = token_mint.token(org=str(uuid.uuid4()), scope="financial:read org:read")
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(
            f"{running_stack.url('router')}/graphql",
            json={"query": CLIENTS},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.json()["data"] == {"clients": {"edges": []}}, response.text
    return token


@pytest.fixture(scope="module")
async def auth_killed(running_stack: Stack, reader_token: str) -> AsyncIterator[Stack]:
    """auth killed (SIGKILL, no graceful shutdown) for the module's tests, restarted after."""
    await running_stack.stop_service("auth", kill=True)
    try:
        yield running_stack
    finally:
        await ensure_auth_running(running_stack)


async def test_readiness_fails_naming_the_dead_subgraph(
    auth_killed: Stack, http: httpx.AsyncClient, router_url: str
) -> None:
    response = await http.get(f"{router_url}/readiness")
    assert response.status_code == 503
    assert response.json() == {"ready": False, "unavailable": ["auth"]}


async def test_service_discovery_shows_the_dead_subgraph_unreachable(
    auth_killed: Stack, http: httpx.AsyncClient, router_url: str
) -> None:
    services = (await http.get(f"{router_url}/api/services")).json()["services"]
    auth = next(service for service in services if service["name"] == "auth")
    assert auth["status"] == "unreachable"
    assert auth["version"] is None


async def test_query_touching_the_dead_subgraph_gets_a_coded_error(
    auth_killed: Stack, post: Any, router_url: str
) -> None:
    response = await post(router_url, ME)
    assert response.status_code < 500
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["path"] == ["me"]
    assert error["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
    assert error["extensions"]["service"] == "auth"
    assert error["message"] == "The auth service is unavailable."


async def test_queries_touching_only_other_subgraphs_still_succeed(
    auth_killed: Stack, post: Any, router_url: str, reader_token: str
) -> None:
    body = (await post(router_url, CLIENTS, token=reader_token)).json()
    assert body["data"] == {"clients": {"edges": []}}, body
    assert "errors" not in body


async def test_a_query_spanning_the_dead_subgraph_returns_partial_data(
    auth_killed: Stack, post: Any, router_url: str, reader_token: str
) -> None:
    spanning = "{ currentOrganization { id } clients(first: 1) { edges { node { id } } } }"
    body = (await post(router_url, spanning, token=reader_token)).json()
    assert body["data"] == {"currentOrganization": None, "clients": {"edges": []}}, body
    [error] = body["errors"]
    assert error["path"] == ["currentOrganization"]
    assert error["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
    assert error["extensions"]["service"] == "auth"


async def test_router_stays_alive_while_a_subgraph_is_dead(
    auth_killed: Stack, http: httpx.AsyncClient, router_url: str, post: Any
) -> None:
    assert (await http.get(f"{router_url}/healthcheck")).status_code == 200
    response = await post(router_url, "{ __typename }")
    assert response.json()["data"] == {"__typename": "Query"}


async def test_everything_recovers_when_the_subgraph_restarts_without_restarting_the_router(
    auth_killed: Stack,
    http: httpx.AsyncClient,
    router_url: str,
    post: Any,
    codes: Any,
    register: Any,
    eventually: Any,
) -> None:
    router = auth_killed.services["router"].process
    assert router is not None
    router_pid = router.pid
    await auth_killed.start_service("auth")

    async def routed() -> bool:
        # The subgraph itself answering (to an anonymous caller) shows the route is back.
        return codes(await post(router_url, ME)) == ["UNAUTHENTICATED"]

    async def ready() -> bool:
        return (await http.get(f"{router_url}/readiness")).status_code == 200

    await eventually(routed, RECOVERY_TIMEOUT_SECONDS)
    await eventually(ready, RECOVERY_TIMEOUT_SECONDS)
    registered = await register(router_url)
    response = await post(router_url, ME, token=registered["accessToken"])
    assert response.json()["data"] == {"me": {"id": registered["user"]["id"]}}
    assert router.pid == router_pid
    assert router.returncode is None
