"""The federation schema class every subgraph uses."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types.execution import ExecutionContext

from service_runtime.errors import is_expected
from service_runtime.logging import get_logger

log = get_logger("service_runtime.graphql")


class ServiceSchema(strawberry.federation.Schema):
    """Logs only unexpected errors as errors (with their traceback); a client's own mistakes
    (validation, permissions, expected failures) are routine and logged at info."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_expected(error):
                code = (error.extensions or {}).get("code")
                log.info("graphql_client_error", message=error.message, code=code, path=error.path)
            else:
                original = error.original_error or error
                log.error(
                    "graphql_unexpected_error",
                    path=error.path,
                    exc_info=(type(original), original, original.__traceback__),
                )
