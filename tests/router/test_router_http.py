"""HTTP behaviour of the router: CORS allow-list, CSRF prevention, introspection in
development, request-id propagation."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from devstack.testing import LogCapture

pytestmark = pytest.mark.e2e

ALLOWED_ORIGIN = "http://localhost:3000"
TYPENAME = {"query": "{ __typename }"}
LOG_TIMEOUT_SECONDS = 5


def preflight(origin: str) -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }


def logged_request_ids(logs: LogCapture, service: str) -> set[str]:
    ids = set()
    for line in logs.lines:
        if line.startswith(f"{service} | {{"):
            entry = json.loads(line.split(" | ", 1)[1])
            ids.add(entry.get("request_id"))
    return ids


async def wait_for_subgraph_log(stack: Stack, request_id: str, eventually: Any) -> None:
    """Until the auth subgraph logs a line carrying `request_id` (logs arrive asynchronously)."""
    logs = stack.config.log_sink
    assert isinstance(logs, LogCapture)

    async def logged() -> bool:
        return request_id in logged_request_ids(logs, "auth")

    await eventually(logged, LOG_TIMEOUT_SECONDS)


async def test_allowed_origin_passes_the_cors_preflight(
    http: httpx.AsyncClient, router_url: str
) -> None:
    response = await http.options(f"{router_url}/graphql", headers=preflight(ALLOWED_ORIGIN))
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "authorization" in response.headers["access-control-allow-headers"]


async def test_allowed_origin_can_read_the_response_and_its_rate_limit_headers(
    http: httpx.AsyncClient, router_url: str
) -> None:
    headers = {"origin": ALLOWED_ORIGIN}
    response = await http.post(f"{router_url}/graphql", json=TYPENAME, headers=headers)
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "RateLimit-Remaining" in response.headers["access-control-expose-headers"]


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
async def test_foreign_origin_gets_no_cors_grant(
    http: httpx.AsyncClient, router_url: str, origin: str
) -> None:
    # "null" is what sandboxed iframes and file: pages send; it must not be granted either.
    answer = await http.options(f"{router_url}/graphql", headers=preflight(origin))
    assert "access-control-allow-origin" not in answer.headers
    headers = {"origin": origin}
    response = await http.post(f"{router_url}/graphql", json=TYPENAME, headers=headers)
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-credentials" not in response.headers


async def test_get_query_without_a_preflight_header_is_refused(
    http: httpx.AsyncClient, router_url: str
) -> None:
    # A plain cross-site GET (an <img>, a link) cannot carry a custom header.
    response = await http.get(f"{router_url}/graphql", params=TYPENAME)
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]


async def test_get_query_with_a_client_name_header_is_served(
    http: httpx.AsyncClient, router_url: str
) -> None:
    headers = {"apollographql-client-name": "finance-web"}
    response = await http.get(f"{router_url}/graphql", params=TYPENAME, headers=headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}


async def test_introspection_is_allowed_in_development(post: Any, router_url: str) -> None:
    response = await post(router_url, "{ __schema { queryType { name } } }")
    assert response.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_client_request_id_is_echoed_and_reaches_the_subgraph(
    post: Any, router_url: str, running_stack: Stack, eventually: Any
) -> None:
    request_id = f"router-test-{uuid.uuid4()}"
    response = await post(router_url, "{ me { id } }", headers={"x-request-id": request_id})
    assert response.headers["x-request-id"] == request_id
    await wait_for_subgraph_log(running_stack, request_id, eventually)


async def test_router_assigns_a_request_id_and_passes_it_to_the_subgraph(
    post: Any, router_url: str, running_stack: Stack, eventually: Any
) -> None:
    response = await post(router_url, "{ me { id } }")
    request_id = response.headers["x-request-id"]
    assert uuid.UUID(request_id)
    await wait_for_subgraph_log(running_stack, request_id, eventually)
