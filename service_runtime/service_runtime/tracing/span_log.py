"""Spans as log lines: the sink when no OTLP collector is configured.

One compact JSON line per finished span through the service's own structlog logging (so it
carries the service name and is bounded like every other line), never the SDK's multi-line
console dump.
"""

from __future__ import annotations

from collections.abc import Sequence

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, StatusCode

from service_runtime.logging import get_logger
from service_runtime.tracing.sink import REQUEST_ID_ATTRIBUTE, SPAN_LOGGER

log = get_logger(SPAN_LOGGER)


def span_record(span: ReadableSpan) -> dict[str, object]:
    """The fields of one span's log line."""
    context = span.get_span_context()
    started, ended = span.start_time or 0, span.end_time or 0
    record: dict[str, object] = {
        "span": span.name,
        "trace_id": format(context.trace_id, "032x") if context else None,
        "span_id": format(context.span_id, "016x") if context else None,
        "parent_id": format(span.parent.span_id, "016x") if span.parent else None,
        "duration_ms": round((ended - started) / 1e6, 3),
    }
    if span.kind is not SpanKind.INTERNAL:
        record["kind"] = span.kind.name.lower()
    if span.status.status_code is StatusCode.ERROR:
        record["status"] = "error"
    if span.attributes:
        record["attributes"] = dict(span.attributes)
    return record


class SpanLogExporter(SpanExporter):
    def __init__(self, level: int) -> None:
        self.level = level

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        for span in spans:
            record = span_record(span)
            # The line's own request id comes from the span (spans end outside the request
            # context too), not from the logging context.
            request_id = (span.attributes or {}).get(REQUEST_ID_ATTRIBUTE)
            extra = {"request_id": request_id} if request_id else {}
            log.log(self.level, "span", **record, **extra)
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None
