"""Tracing's switches, sampler, request-id stamping, GraphQL spans and span log lines.

End to end (router -> subgraph -> SQL in one trace): tests/router/test_router_tracing.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import strawberry
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON
from opentelemetry.trace import SpanKind

from service_runtime.logging import configure_logging, request_id_var
from service_runtime.tracing import setup
from service_runtime.tracing.graphql import GraphQLOperationTracing
from service_runtime.tracing.sink import SinkKind, trace_sink
from service_runtime.tracing.span_log import SpanLogExporter


@pytest.fixture
def logging_at() -> Iterator[None]:
    yield
    logging.getLogger().handlers = []
    logging.getLogger().setLevel(logging.WARNING)


@pytest.mark.parametrize(
    ("level", "environ", "expected"),
    [
        ("INFO", {}, (SinkKind.OFF, None)),  # the default: nothing set up, nothing spent
        ("DEBUG", {}, (SinkKind.LOG, logging.DEBUG)),
        ("INFO", {"OTEL_TRACES_EXPORTER": "console"}, (SinkKind.LOG, logging.INFO)),
        ("WARNING", {"OTEL_TRACES_EXPORTER": "console"}, (SinkKind.OFF, None)),
        ("INFO", {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, (SinkKind.OTLP, None)),
        ("INFO", {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c/v1"}, (SinkKind.OTLP, None)),
        ("INFO", {"OTEL_TRACES_EXPORTER": "otlp"}, (SinkKind.OTLP, None)),
        ("DEBUG", {"OTEL_TRACES_EXPORTER": "none"}, (SinkKind.OFF, None)),
        (
            "DEBUG",
            {"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"},
            (SinkKind.OFF, None),
        ),
    ],
)
def test_the_standard_variables_and_the_log_level_choose_the_sink(
    logging_at: None, level: str, environ: dict[str, str], expected: tuple[SinkKind, int | None]
) -> None:
    configure_logging("svc", level)
    sink = trace_sink(environ)
    assert (sink.kind, sink.log_level if sink.kind is SinkKind.LOG else None) == expected


def sampled(sampler: setup.RequestRootsOnly, kind: SpanKind, parent: bool = False) -> bool:
    context = None
    if parent:
        provider = TracerProvider(sampler=ALWAYS_ON)
        context = trace.set_span_in_context(provider.get_tracer("t").start_span("parent"))
    result = sampler.should_sample(context, 0x1234, "span", kind)
    return result.decision.is_sampled()


def test_traces_start_only_at_requests_and_the_configured_sampler_decides() -> None:
    always = setup.RequestRootsOnly(ALWAYS_ON)
    assert sampled(always, SpanKind.SERVER)
    # An outbox poll's SQL outside any request starts no trace; inside one it is recorded.
    assert not sampled(always, SpanKind.CLIENT)
    assert sampled(always, SpanKind.CLIENT, parent=True)
    assert not sampled(setup.RequestRootsOnly(ALWAYS_OFF), SpanKind.SERVER)


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"


@pytest.fixture
def exported(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(setup.RequestIdAttribute())
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(setup, "_installed", setup.Tracing(provider))
    return exporter


async def test_an_operation_is_a_span_under_the_request_carrying_its_id(
    exported: InMemorySpanExporter,
) -> None:
    schema = strawberry.Schema(Query, extensions=[GraphQLOperationTracing])
    token = request_id_var.set("req-42")
    try:
        with setup.tracer("test").start_as_current_span("POST /graphql", kind=SpanKind.SERVER):
            result = await schema.execute("query Greeting { hello }")
    finally:
        request_id_var.reset(token)
    assert result.errors is None
    operation, request = exported.get_finished_spans()
    assert operation.name == "query Greeting"
    assert operation.parent is not None
    assert operation.parent.span_id == request.context.span_id
    assert operation.attributes == {
        "request.id": "req-42",
        "graphql.operation.type": "query",
        "graphql.operation.name": "Greeting",
    }


async def test_an_untraced_request_records_no_operation_span(
    exported: InMemorySpanExporter,
) -> None:
    schema = strawberry.Schema(Query, extensions=[GraphQLOperationTracing])
    result = await schema.execute("{ hello }")
    assert result.data == {"hello": "world"}
    assert exported.get_finished_spans() == ()


def test_a_span_is_one_compact_log_line(
    logging_at: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("svc", "DEBUG")
    provider = TracerProvider()
    provider.add_span_processor(setup.RequestIdAttribute())
    provider.add_span_processor(SimpleSpanProcessor(SpanLogExporter(logging.DEBUG)))
    token = request_id_var.set("req-7")
    try:
        with provider.get_tracer("t").start_as_current_span("SELECT", kind=SpanKind.CLIENT) as s:
            s.set_attribute("db.statement", "SELECT 1")
    finally:
        request_id_var.reset(token)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (line,) = [line for line in lines if line["event"] == "span"]
    assert line["span"] == "SELECT"
    assert line["kind"] == "client"
    assert line["level"] == "debug"
    assert line["request_id"] == "req-7"
    assert line["attributes"] == {"request.id": "req-7", "db.statement": "SELECT 1"}
    assert len(line["trace_id"]) == 32
    assert line["parent_id"] is None
