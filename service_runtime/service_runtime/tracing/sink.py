"""Where a service's spans go, decided once at start-up from the standard OTEL_* variables.

- `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`: no tracing at all.
- `OTEL_TRACES_EXPORTER=otlp`, or unset with `OTEL_EXPORTER_OTLP_ENDPOINT` /
  `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set: OTLP over HTTP (protobuf).
- `OTEL_TRACES_EXPORTER=console`: one JSON log line per span at INFO.
- Otherwise: one JSON log line per span at DEBUG, so only a service running with
  `<P>LOG_LEVEL=DEBUG` traces at all; at the default INFO nothing is set up and tracing costs
  nothing (a span per SQL statement is a firehose nobody asked for).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass

SPAN_LOGGER = "service_runtime.spans"
# The router sets the same attribute on its spans: one query finds a request's spans.
REQUEST_ID_ATTRIBUTE = "request.id"
_TRUE = frozenset({"true", "1", "yes", "on"})


class SinkKind(enum.StrEnum):
    OFF = "off"
    OTLP = "otlp"
    LOG = "log"


@dataclass(frozen=True)
class TraceSink:
    kind: SinkKind
    log_level: int = logging.DEBUG  # for SinkKind.LOG


OFF = TraceSink(SinkKind.OFF)


def trace_sink(environ: Mapping[str, str]) -> TraceSink:
    """The sink the environment asks for (call after logging is configured)."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() in _TRUE:
        return OFF
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    if exporter == "none":
        return OFF
    if exporter == "otlp" or (not exporter and endpoint):
        return TraceSink(SinkKind.OTLP)
    level = logging.INFO if exporter in ("console", "logging") else logging.DEBUG
    if not logging.getLogger(SPAN_LOGGER).isEnabledFor(level):
        return OFF
    return TraceSink(SinkKind.LOG, level)
