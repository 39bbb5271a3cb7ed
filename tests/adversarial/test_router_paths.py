"""Every spelling of the GraphQL path either meets the client gate (token check, request
budget) or is a 404. `/graphql/` once answered 1,100 requests in a row with 200 while
`/graphql` answered 429, and forged tokens sent there were never checked.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from devstack.stack import Stack
from devstack.testing import free_port

pytestmark = pytest.mark.e2e

BUDGET = 3
TYPENAME = {"query": "{ __typename }"}

# Paths that are not `/graphql` but that the gateway would otherwise have served as GraphQL
# (it accepts any URL ending in "/graphql"), and other near misses.
NOT_GRAPHQL = [
    "/graphql/",
    "//graphql",
    "///graphql",
    "/x/graphql",
    "/graphql/graphql",
    "/GRAPHQL",
    "/GraphQL",
    "/%67raphql",
    "/graphql%2F",
    "/%2Fgraphql",
    "/graphql%00",
    "/graphql;x",
    "/graphql.json",
    "/healthcheck?/graphql",
    "/readiness/gateway/graphql",
    "/webhooks/graphql",
    "/api/graphql",
]
# Spellings that normalise to `/graphql` itself: the gate applies.
SAME_PATH = ["/graphql", "/graphql?x", "/graphql?x=/graphql", "/./graphql", "/a/../graphql"]


@pytest.fixture(scope="module")
async def gated_router(running_stack: Stack) -> AsyncIterator[str]:
    """A router of its own with a tiny request budget."""
    env = {"ROUTER_RATE_LIMIT_MAX": str(BUDGET), "ROUTER_RATE_LIMIT_WINDOW_SECONDS": "60"}
    process = running_stack.router_process(free_port(), env)
    try:
        await running_stack.start_process(process)
        yield process.base_url
    finally:
        await running_stack.stop_process(process)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=15) as client:
        yield client


@pytest.fixture(scope="module")
async def forged_token(running_stack: Stack) -> str:
    """Right key id, issuer and audience; signed with the attacker's own key."""
    async with httpx.AsyncClient(timeout=10) as client:
        jwks = (await client.get(f"{running_stack.url('auth')}/.well-known/jwks.json")).json()
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    auth = running_stack.services["auth"].env
    claims = {
        "iss": auth.get("AUTH_JWT_ISSUER", "finance-platform-auth"),
        "aud": auth.get("AUTH_JWT_AUDIENCE", "finance-supergraph"),
        "sub": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 600,
    }
    return jwt.encode(claims, forger, "RS256", headers={"kid": jwks["keys"][0]["kid"]})


async def send(http: httpx.AsyncClient, base: str, path: str, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    request = http.build_request("POST", base, json=TYPENAME, headers=headers)
    # Sent as written: no client-side normalisation of dots, slashes or case.
    request.url = request.url.copy_with(raw_path=path.encode())
    return await http.send(request)


@pytest.mark.parametrize("path", NOT_GRAPHQL)
async def test_other_spellings_of_the_graphql_path_are_not_found(
    http: httpx.AsyncClient, gated_router: str, forged_token: str, path: str
) -> None:
    for token in (None, forged_token):
        response = await send(http, gated_router, path, token)
        assert response.status_code == 404, (path, response.status_code, response.text[:200])
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_no_spelling_escapes_the_request_budget(
    http: httpx.AsyncClient, gated_router: str
) -> None:
    for _ in range(BUDGET):
        assert (await send(http, gated_router, "/graphql")).status_code == 200
    for path in SAME_PATH:
        response = await send(http, gated_router, path)
        assert response.status_code == 429, (path, response.text[:200])
        assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    for path in NOT_GRAPHQL:
        assert (await send(http, gated_router, path)).status_code == 404, path


@pytest.mark.parametrize("path", SAME_PATH)
async def test_a_forged_token_is_refused_on_every_spelling(
    http: httpx.AsyncClient, gated_router: str, forged_token: str, path: str
) -> None:
    response = await send(http, gated_router, path, forged_token)
    assert response.status_code == 401, (path, response.text[:200])
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_SIGNATURE"


@pytest.mark.parametrize("path", ["/health", "/healthcheck", "/readiness", "/api/services"])
async def test_the_routers_own_endpoints_still_answer(
    http: httpx.AsyncClient, gated_router: str, path: str
) -> None:
    response = await http.get(f"{gated_router}{path}")
    assert response.status_code == 200, (path, response.text[:200])


async def test_health_and_services_keep_their_shape(
    http: httpx.AsyncClient, gated_router: str
) -> None:
    health = (await http.get(f"{gated_router}/health")).json()
    assert health["status"] == "healthy"
    assert health["service"] == "router"
    assert set(health["dependencies"]) == {"auth", "financial"}
    services = (await http.get(f"{gated_router}/api/services")).json()["services"]
    assert {service["name"] for service in services} == {"auth", "financial"}
    assert all(service["status"] == "healthy" for service in services), services
