"""Prometheus metrics: requests, latency per GraphQL operation, errors."""

from __future__ import annotations

import time
from collections.abc import Iterator

from fastapi import APIRouter, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from strawberry.extensions import SchemaExtension


class ServiceMetrics:
    """One registry per app, so tests that build several apps never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "http_requests_total",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.operations = Counter(
            "graphql_operations_total",
            "GraphQL operations by name and outcome",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "graphql_operation_duration_seconds",
            "GraphQL operation latency",
            ["operation"],
            registry=self.registry,
        )
        self.errors = Counter(
            "graphql_errors_total",
            "GraphQL errors by operation and code",
            ["operation", "code"],
            registry=self.registry,
        )

    def router(self) -> APIRouter:
        router = APIRouter()

        @router.get("/metrics")
        async def metrics() -> Response:
            return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)

        return router

    def extension(self) -> type[SchemaExtension]:
        metrics = self

        class OperationMetrics(SchemaExtension):
            def on_operation(self) -> Iterator[None]:
                started = time.perf_counter()
                yield
                context = self.execution_context
                name = context.operation_name or "anonymous"
                metrics.latency.labels(name).observe(time.perf_counter() - started)
                errors = context.result.errors if context.result else None
                metrics.operations.labels(name, "error" if errors else "ok").inc()
                for error in errors or []:
                    code = (error.extensions or {}).get("code", "INTERNAL")
                    metrics.errors.labels(name, str(code)).inc()

        return OperationMetrics
