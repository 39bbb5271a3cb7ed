"""The Strawberry extensions every subgraph schema uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension, ValidationCache

from service_runtime.errors import masked_errors
from service_runtime.text_inputs import TextInputBounds
from service_runtime.tracing import GraphQLOperationTracing

# Clients send a small, fixed set of documents (codegen'd, persisted): caching their parse and
# validation cut a trivial request's CPU by about a third in bench/jwt_overhead.py's setting.
DOCUMENT_CACHE_SIZE = 1024
# Defence in depth behind the router's limit (parse time grows with the document; graphql-core
# bounds nesting itself). Real documents stay far below this; data travels in variables.
MAX_DOCUMENT_TOKENS = 20_000


class ParserCacheOfValidDocuments(ParserCache):
    """ParserCache, except that a document which does not parse is left to Strawberry's own
    parse: ParserCache raised its error out of the hook, past the error extensions (a syntax
    error reached the client without a code and uncut)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except Exception:
            context.graphql_document = None
        yield


def standard_extensions() -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    return [
        GraphQLOperationTracing,
        masked_errors,
        lambda: MaxTokensLimiter(max_token_count=MAX_DOCUMENT_TOKENS),
        lambda: ParserCacheOfValidDocuments(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        TextInputBounds,
    ]
