"""After any hostile request the platform still answers: the router and every subgraph."""

from __future__ import annotations

import httpx

from devstack.stack import Stack


async def test_router_and_every_subgraph_answer(
    router: httpx.AsyncClient, running_stack: Stack
) -> None:
    assert (await router.get("/healthcheck")).status_code == 200
    services = (await router.get("/api/services")).json()
    assert services, services
    for name in running_stack.services:
        if name == "router":
            continue
        health = await router.get(f"{running_stack.url(name)}/health")
        assert health.status_code == 200, (name, health.text)
