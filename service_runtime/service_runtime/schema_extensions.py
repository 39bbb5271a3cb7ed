"""The Strawberry extensions every subgraph schema uses."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache

from service_runtime.errors import masked_errors

# Clients send a small, fixed set of documents (codegen'd, persisted): caching their parse and
# validation cut a trivial request's CPU by about a third in bench/jwt_overhead.py's setting.
DOCUMENT_CACHE_SIZE = 1024


def standard_extensions() -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    return [
        masked_errors,
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
    ]
