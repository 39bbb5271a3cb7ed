"""OpenTelemetry for a service, set up once by the shared runtime.

A span per HTTP request (continuing the router's W3C `traceparent`), per GraphQL operation
(service_runtime.tracing.graphql) and per SQL statement, each carrying the request id.
Sampling follows `OTEL_TRACES_SAMPLER`/`OTEL_TRACES_SAMPLER_ARG` (default: always, or as the
router decided for the trace); the sink follows service_runtime.tracing.sink.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from opentelemetry import context, trace
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.metrics import NoOpUpDownCounter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanLimits, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    Decision,
    Sampler,
    SamplingResult,
    _get_from_env_or_default,
)
from opentelemetry.trace import Link, SpanKind
from opentelemetry.util.types import Attributes
from sqlalchemy.ext.asyncio import AsyncEngine

from service_runtime.logging import get_logger, request_id_var
from service_runtime.tracing.sink import REQUEST_ID_ATTRIBUTE, SinkKind, trace_sink
from service_runtime.tracing.span_log import SpanLogExporter

log = get_logger(__name__)

# Probes are polled every few seconds; a trace of each would bury the requests.
UNTRACED_PATHS = "/health$,/metrics$"
# An attribute (a SQL statement, a query) longer than this is cut, unless the standard
# OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT says otherwise.
DEFAULT_ATTRIBUTE_LENGTH = 2_000


class RequestRootsOnly(Sampler):
    """Starts traces only at requests: background work (the outbox relay polls every half
    second) would otherwise make a trace per SQL statement. Inside a trace, `inner` decides."""

    def __init__(self, inner: Sampler) -> None:
        self.inner = inner

    def should_sample(
        self,
        parent_context: context.Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: Any = None,
    ) -> SamplingResult:
        parent = trace.get_current_span(parent_context).get_span_context()
        if not parent.is_valid and kind is not SpanKind.SERVER:
            return SamplingResult(Decision.DROP)
        return self.inner.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return f"RequestRootsOnly{{{self.inner.get_description()}}}"


class RequestIdAttribute(SpanProcessor):
    """Stamps every span started while serving a request with that request's id."""

    def on_start(self, span: Span, parent_context: context.Context | None = None) -> None:
        request_id = request_id_var.get()
        if request_id is not None:
            span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)

    def on_end(self, span: ReadableSpan) -> None:
        return None


class Tracing:
    """The process's tracer provider and the instrumentation built on it."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider

    def add_middleware(self, app: FastAPI) -> None:
        """The HTTP server span (added inside the request-id middleware, whose id it carries)."""
        app.add_middleware(
            OpenTelemetryMiddleware,
            excluded_urls=UNTRACED_PATHS,
            tracer_provider=self.provider,
            exclude_spans=["receive", "send"],
        )

    def instrument_engine(self, engine: AsyncEngine) -> None:
        tracer = self.provider.get_tracer("service_runtime.sql")
        # The instrumentation package is untyped; its listeners live as long as the engine.
        # Connection-pool metrics are Prometheus's job here (a no-op counter).
        usage = NoOpUpDownCounter("db.client.connections.usage")
        EngineTracer(tracer, engine.sync_engine, connections_usage=usage)  # type: ignore[no-untyped-call]

    def flush(self) -> None:
        """Export what is still buffered (at shutdown: the provider lives as long as the
        process, and tests build several apps in one)."""
        self.provider.force_flush(timeout_millis=5_000)


_installed: Tracing | None = None


def tracer(name: str) -> trace.Tracer:
    """A tracer of the process's provider (a no-op one while tracing is off)."""
    provider = _installed.provider if _installed is not None else None
    return trace.get_tracer(name, tracer_provider=provider)


def configure_tracing(
    service: str, version: str, environ: Mapping[str, str] = os.environ
) -> Tracing | None:
    """The process's tracing (set up on first call), or None when the sink is off."""
    global _installed
    if _installed is not None:
        return _installed
    sink = trace_sink(environ)
    if sink.kind is SinkKind.OFF:
        return None
    provider = TracerProvider(
        sampler=RequestRootsOnly(_get_from_env_or_default()),
        resource=Resource.create({"service.name": service, "service.version": version}),
        span_limits=SpanLimits(max_span_attribute_length=_attribute_length(environ)),
    )
    provider.add_span_processor(RequestIdAttribute())
    if sink.kind is SinkKind.OTLP:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        provider.add_span_processor(SimpleSpanProcessor(SpanLogExporter(sink.log_level)))
    # Also global, for any library instrumented later.
    trace.set_tracer_provider(provider)
    _installed = Tracing(provider)
    log.info("tracing_enabled", sink=sink.kind.value)
    return _installed


def _attribute_length(environ: Mapping[str, str]) -> int | None:
    if environ.get("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT") or environ.get(
        "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"
    ):
        return None  # SpanLimits reads them
    return DEFAULT_ATTRIBUTE_LENGTH
