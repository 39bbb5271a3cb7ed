"""Checks every service must pass: health format, metrics, request ids."""

from __future__ import annotations

import uuid

from devstack.smoke.runner import SmokeRun, check, expect

HEALTH_KEYS = {"status", "service", "version", "uptime", "dependencies"}


@check("health of every subgraph")
async def every_service_is_healthy(run: SmokeRun) -> None:
    for name, base in run.services.items():
        response = await run.http.get(f"{base}/health")
        body = response.json()
        expect(response.status_code == 200, f"{name}: HTTP {response.status_code}")
        expect(set(body) == HEALTH_KEYS, f"{name}: health keys {sorted(body)}")
        expect(body["status"] == "healthy", f"{name}: {body['status']} {body['dependencies']}")
        expect(body["dependencies"] == {"database": "connected", "redis": "connected"}, str(body))


@check("Prometheus metrics on every service and the router")
async def every_service_exposes_metrics(run: SmokeRun) -> None:
    await run.graphql("{ __typename }")
    router_metrics = (await run.http.get(f"{run.router}/metrics")).text
    expect(
        "graphql_gateway_fetch_duration" in router_metrics
        or "graphql_yoga_http_duration" in router_metrics,
        "router: no metrics",
    )
    for name, base in run.services.items():
        text = (await run.http.get(f"{base}/metrics")).text
        expect("graphql_operation_duration_seconds_bucket" in text, f"{name}: no latency histogram")
        expect("http_requests_total" in text, f"{name}: no request counter")


@check("request id is adopted and echoed")
async def request_id_round_trips(run: SmokeRun) -> None:
    request_id = f"smoke-{uuid.uuid4()}"
    for name, base in {"router": run.router, **run.services}.items():
        response = await run.http.post(
            f"{base}/graphql",
            json={"query": "{ __typename }"},
            headers={"x-request-id": request_id},
        )
        expect(response.headers.get("x-request-id") == request_id, f"{name}: request id lost")
