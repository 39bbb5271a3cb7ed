"""Tracing end to end: one request through the router is one trace, from the router through the
financial subgraph down to its SQL, each span carrying the request id.

A dedicated router and financial subgraph run beside the stack with the standard OTEL_*
variables: pointed at a local OTLP receiver (devstack.otlp_receiver), or with none, so spans go
to their logs.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from devstack.otlp_receiver import OtlpReceiver, ReceivedSpan
from devstack.stack import Stack
from devstack.testing import LogCapture, free_port, register_owner

pytestmark = pytest.mark.e2e

# An inlined literal (a client could inline a secret the same way) must not reach a span.
CLIENTS = 'query ListClients { clients(first: 5, search: "needle-7f3a") { edges { node { id } } } }'

Eventually = Callable[[Callable[[], Awaitable[Any]], float], Awaitable[Any]]


@asynccontextmanager
async def traced_router(
    stack: Stack, router_env: dict[str, str], financial_env: dict[str, str]
) -> AsyncIterator[str]:
    """A router whose financial subgraph is a process of its own, both with extra env."""
    spec = stack.services["financial"].spec
    assert spec is not None
    financial = stack.subgraph_process(spec, free_port(), financial_env)
    await stack.start_process(financial)
    try:
        url = {"ROUTER_SUBGRAPH_URL_FINANCIAL": f"{financial.base_url}/graphql"}
        router = stack.router_process(free_port(), {**router_env, **url})
        await stack.start_process(router)
        try:
            yield router.base_url
        finally:
            await stack.stop_process(router)
    finally:
        await stack.stop_process(financial)


async def list_clients(stack: Stack, router_url: str, request_id: str) -> None:
    # Registered through the stack's own router (the per-client register limit is per router).
    async with httpx.AsyncClient(base_url=stack.url("router"), timeout=15) as http:
        token = await register_owner(http, "tracer")
        response = await http.post(
            f"{router_url}/graphql",
            json={"query": CLIENTS},
            headers={"authorization": f"Bearer {token}", "x-request-id": request_id},
        )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"clients": {"edges": []}}


def is_sql(attributes: dict[str, Any]) -> bool:
    return attributes.get("db.system") == "postgresql" or "db.statement" in attributes


async def test_one_request_is_one_trace_from_router_to_sql(
    running_stack: Stack, eventually: Eventually
) -> None:
    request_id = f"trace-{uuid.uuid4().hex[:12]}"
    with OtlpReceiver() as receiver:
        otel = {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "200"}
        async with traced_router(running_stack, otel, otel) as router_url:
            await list_clients(running_stack, router_url, request_id)

            async def of_request() -> list[ReceivedSpan]:
                ours = [s for s in receiver.spans if s.attributes.get("request.id") == request_id]
                services = {s.service for s in ours}
                sql = [s for s in ours if is_sql(s.attributes)]
                return ours if {"router", "financial-svc"} <= services and sql else []

            try:
                spans: list[ReceivedSpan] = await eventually(of_request, 15)
            except TimeoutError:
                received = [(s.service, s.name, s.trace_id, s.attributes) for s in receiver.spans]
                raise AssertionError(f"spans received: {received}") from None

    assert len({span.trace_id for span in spans}) == 1, spans
    trace = [span for span in receiver.spans if span.trace_id == spans[0].trace_id]
    router_ids = {span.span_id for span in trace if span.service == "router"}
    financial = [span for span in trace if span.service == "financial-svc"]
    # The subgraph continued the router's trace (W3C traceparent), it did not start its own.
    entry = [span for span in financial if span.parent_id in router_ids]
    assert entry, [(s.service, s.name, s.parent_id) for s in trace]
    operation = [span for span in financial if span.name == "query ListClients"]
    assert operation
    assert operation[0].attributes["graphql.operation.name"] == "ListClients"
    sql = [span for span in financial if is_sql(span.attributes)]
    assert any("clients" in str(span.attributes.get("db.statement")) for span in sql), sql
    # Every span the subgraph made for this request carries the request id.
    assert all(span.attributes.get("request.id") == request_id for span in financial)
    documents = [
        s.attributes["graphql.document"] for s in trace if "graphql.document" in s.attributes
    ]
    assert documents, "the router records the operation's shape"
    assert all("needle" not in str(span.attributes) for span in trace)
    # Blanked where it stood (the subgraph call passes it as a variable, never recorded).
    assert any(re.search(r'search: ?""', document) for document in documents), documents


def span_lines(capture: LogCapture, service: str) -> list[dict[str, Any]]:
    lines = []
    for line in capture.lines:
        name, _, text = line.partition(" | ")
        if name == service and '"span"' in text:
            record = json.loads(text)
            if record.get("event") == "span":
                lines.append(record)
    return lines


async def test_without_an_otlp_endpoint_spans_go_to_the_logs(
    running_stack: Stack, eventually: Eventually
) -> None:
    capture = running_stack.config.log_sink
    assert isinstance(capture, LogCapture)
    request_id = f"logged-{uuid.uuid4().hex[:12]}"
    # The router logs spans at info when asked (console); the subgraph at debug by default.
    router_env = {"OTEL_TRACES_EXPORTER": "console"}
    async with traced_router(running_stack, router_env, {"FINANCIAL_LOG_LEVEL": "DEBUG"}) as url:
        await list_clients(running_stack, url, request_id)

        async def logged() -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
            router = [
                line
                for line in span_lines(capture, "router")
                if line.get("attributes", {}).get("request.id") == request_id
            ]
            financial = [
                line
                for line in span_lines(capture, "financial")
                if line.get("request_id") == request_id
            ]
            return (router, financial) if router and financial else None

        try:
            router, financial = await eventually(logged, 15)
        except TimeoutError:
            lines = [line for line in capture.lines if '"span"' in line]
            raise AssertionError(f"span lines: {lines[-30:]}") from None

    trace_ids = {line["trace_id"] for line in router + financial}
    assert len(trace_ids) == 1
    assert any(is_sql(line.get("attributes", {})) for line in financial), financial
    assert all(line["level"] == "debug" for line in financial)
