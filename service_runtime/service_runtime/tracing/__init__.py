"""OpenTelemetry tracing for every service (see setup.py and sink.py)."""

from service_runtime.tracing.graphql import GraphQLOperationTracing
from service_runtime.tracing.setup import Tracing, configure_tracing

__all__ = ["GraphQLOperationTracing", "Tracing", "configure_tracing"]
