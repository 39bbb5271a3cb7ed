"""The Strawberry extensions every subgraph schema uses."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension, ValidationCache

from service_runtime.errors import masked_errors
from service_runtime.text_inputs import TextInputBounds

# Clients send a small, fixed set of documents (codegen'd, persisted): caching their parse and
# validation cut a trivial request's CPU by about a third in bench/jwt_overhead.py's setting.
DOCUMENT_CACHE_SIZE = 1024
# graphql-core parses recursively: a literal nested thousands deep would exhaust the stack
# (a masked RecursionError). Real documents stay far below this; data travels in variables.
MAX_DOCUMENT_TOKENS = 20_000


def standard_extensions() -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    return [
        masked_errors,
        lambda: MaxTokensLimiter(max_token_count=MAX_DOCUMENT_TOKENS),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        TextInputBounds,
    ]
