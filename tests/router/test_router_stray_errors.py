"""The router survives what escapes a request, and its logs stay bounded.

The router here has its variables depth bound lifted, so the request that once killed it
(a `createClient` with a JSON variable nested 5,000 levels deep) gets past the bound: the
gateway fails to serialise the subgraph request, and its upstream-timeout race leaves a
rejection that nobody awaits. That used to exit Node a timeout later; now it is logged and
the router keeps serving.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from devstack.stack import Stack

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 3_000
CREATE_CLIENT = (
    "mutation($input: CreateClientInput!) { createClient(input: $input) { __typename } }"
)


@pytest.fixture(scope="module")
async def unbounded_router(dedicated_router: Any) -> AsyncIterator[str]:
    env = {"ROUTER_MAX_VARIABLES_DEPTH": "1000000", "ROUTER_UPSTREAM_TIMEOUT_MS": str(TIMEOUT_MS)}
    async with dedicated_router(env) as url:
        yield url


@pytest.fixture(scope="module")
async def debug_router(dedicated_router: Any) -> AsyncIterator[str]:
    # Debug level logs whole subgraph requests: the bounds must hold there too.
    async with dedicated_router({"DEBUG": "1"}) as url:
        yield url


def router_log(stack: Stack) -> list[str]:
    lines: list[str] = stack.config.log_sink.lines  # type: ignore[attr-defined]
    return [line for line in lines if line.startswith("router | ")]


def deep_body(depth: int) -> bytes:
    nested = '{"a":' * depth + "1" + "}" * depth
    variables = f'{{"input":{{"name":"Deep","defaultCurrency":"EUR","customFields":{nested}}}}}'
    return f'{{"query":"{CREATE_CLIENT}","variables":{variables}}}'.encode()


async def test_a_rejection_escaping_a_request_does_not_stop_the_router(
    unbounded_router: str, running_stack: Stack, http: Any, post: Any
) -> None:
    response = await http.post(
        f"{unbounded_router}/graphql",
        content=deep_body(5_000),
        headers={"content-type": "application/json"},
    )
    # Answered with a code (where the gateway's stack gives out decides between a 500 and a
    # 200 with `createClient: null`).
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    # The stray rejection fires when the upstream timeout does.
    await asyncio.sleep(TIMEOUT_MS / 1000 + 1.5)
    assert any("unhandled_rejection" in line for line in router_log(running_stack))
    assert (await http.get(f"{unbounded_router}/healthcheck")).status_code == 200
    answer = await post(unbounded_router, "{ __typename }")
    assert answer.json()["data"] == {"__typename": "Query"}


async def test_no_log_line_carries_a_variable_whole(
    debug_router: str, running_stack: Stack, post: Any, token_mint: Any
) -> None:
    marker = "MARK" + "Q" * 5_000
    token = token_mint.token(org=str(uuid.uuid4()), scope="financial:write org:read")
    variables = {"input": {"name": marker, "defaultCurrency": "EUR", "customFields": {"k": marker}}}
    await post(debug_router, CREATE_CLIENT, token=token, variables=variables)
    log = "\n".join(router_log(running_stack))
    runs = [len(run) for run in re.findall("Q{20,}", log)]
    assert runs, "debug logging shows subgraph requests, so the marker should appear truncated"
    assert max(runs) <= 300
    assert max(len(line) for line in router_log(running_stack)) <= 8_300
