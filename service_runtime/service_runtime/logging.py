"""Structured JSON logs; every line carries the request id the router assigned."""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar

import structlog
from opentelemetry import trace

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Third-party libraries that log their steps at INFO: WeasyPrint one line per rendered page
# (2.6 MB of log for one long document), fontTools per font table it subsets, Factur-X and the
# statement parsers per document. Only their warnings and errors are worth a line.
QUIET_LOGGERS = ("weasyprint", "fontTools", "drafthorse", "ofxtools", "mt940", "PIL")

# No log field may be longer than this (a hostile value quoted in an error once produced a
# 100 kB line, which killed devstack's line reader); a traceback keeps its last part.
MAX_LOG_FIELD = 2_000
MAX_LOG_TRACEBACK = 16_000


def _add_request_id(
    _logger: object, _method: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    request_id = request_id_var.get()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event


def _add_trace_id(
    _logger: object, _method: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    # Lines written inside a traced request name its trace (logs and traces correlate).
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        event.setdefault("trace_id", format(span_context.trace_id, "032x"))
    return event


def _cut(text: str, limit: int, *, keep_end: bool = False) -> str:
    if len(text) <= limit:
        return text
    note = f"...[{len(text) - limit} characters cut]..."
    return note + text[-limit:] if keep_end else text[:limit] + note


def cap_long_fields(
    _logger: object, _method: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    """Cuts every field of a log line to a bounded length, whatever it holds."""
    for key, value in event.items():
        if key == "exception" and isinstance(value, str):
            event[key] = _cut(value, MAX_LOG_TRACEBACK, keep_end=True)
        elif isinstance(value, str):
            event[key] = _cut(value, MAX_LOG_FIELD)
        elif isinstance(value, list | tuple | dict | set | bytes):
            text = repr(value)
            if len(text) > MAX_LOG_FIELD:
                event[key] = _cut(text, MAX_LOG_FIELD)
    return event


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route structlog and the standard library through one JSON renderer on stdout."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        _add_request_id,
        _add_trace_id,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            lambda _l, _m, event: {**event, "service": service},
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            cap_long_fields,
            structlog.processors.JSONRenderer(),
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # uvicorn's access log duplicates our request log line.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
