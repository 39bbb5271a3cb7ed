"""A span per GraphQL operation, the parent of the operation's SQL spans.

Strawberry's own OpenTelemetryExtension was not used: it records the whole query text and
every resolver's arguments (a login's password among them) as attributes, wraps every field in
an async resolver span (the cost lands on each field of each list), and leaves its operation
span out of the current context, so SQL spans would not nest under it.
"""

from __future__ import annotations

from collections.abc import Iterator

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode
from strawberry.extensions import SchemaExtension

from service_runtime.errors import is_expected
from service_runtime.tracing.setup import tracer

TRACER_NAME = "service_runtime.graphql"


class GraphQLOperationTracing(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        # Off (no tracing, or a trace the sampler dropped): nothing to record, nothing spent.
        if not trace.get_current_span().is_recording():
            yield
            return
        with tracer(TRACER_NAME).start_as_current_span(
            "graphql.operation", record_exception=False, set_status_on_exception=False
        ) as span:
            yield
            self._describe(span)

    def _describe(self, span: trace.Span) -> None:
        context = self.execution_context
        name = context.operation_name
        try:
            kind = str(context.operation_type.value)
        except Exception:  # the document did not parse, or names no operation it holds
            kind = "operation"
        span.update_name(f"{kind} {name}" if name else kind)
        span.set_attribute("graphql.operation.type", kind)
        if name:
            span.set_attribute("graphql.operation.name", name[:200])
        errors = context.result.errors if context.result else None
        if errors:
            span.set_attribute("graphql.error.count", len(errors))
            codes = sorted({str((e.extensions or {}).get("code")) for e in errors})
            span.set_attribute("graphql.error.codes", codes[:10])
            if not all(is_expected(error) for error in errors):
                span.set_status(Status(StatusCode.ERROR, "unexpected error"))
