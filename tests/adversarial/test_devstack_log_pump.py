"""Huge values in requests must not hang a subgraph through its log output (issue 8, item 2).

A subgraph that logs a long line must keep answering: the dev stack reads its output in chunks
and shows long lines truncated, where it once died on a line over 64 KiB and left the subgraph
blocked on a full pipe (its /health timing out, the router answering 504).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from devstack.testing import LogCapture

pytestmark = pytest.mark.e2e

EXCHANGE_RATE = """query($date: Date!) { exchangeRate(base: "EUR", quote: "USD", date: $date) {
  __typename } }"""
CLIENTS = "{ clients(first: 1) { edges { node { id } } } }"
HUGE = "9" * 1024 * 1024  # an invalid Date, a megabyte long


async def test_megabyte_variables_leave_the_subgraph_answering(
    router: httpx.AsyncClient, owner_token: str, running_stack: Stack
) -> None:
    headers = {"Authorization": f"Bearer {owner_token}"}
    for _ in range(3):
        response = await router.post(
            "/graphql", json={"query": EXCHANGE_RATE, "variables": {"date": HUGE}}, headers=headers
        )
        assert response.status_code < 500
        body: dict[str, Any] = response.json()
        assert body.get("errors"), body
    async with asyncio.timeout(10):
        answer = await router.post("/graphql", json={"query": CLIENTS}, headers=headers)
    assert answer.json()["data"] == {"clients": {"edges": []}}
    health = (await router.get("/health")).json()
    assert health["dependencies"] == {"auth": "connected", "financial": "connected"}
    log = running_stack.config.log_sink
    assert isinstance(log, LogCapture)
    assert all(len(line) < 4096 + 200 for line in log.lines)
