"""The federation schema class every subgraph uses."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types.execution import ExecutionContext

from service_runtime.audit import audit_every_mutation
from service_runtime.errors import is_expected, shorten
from service_runtime.logging import get_logger
from service_runtime.scalars import SCALAR_OVERRIDES

log = get_logger("service_runtime.graphql")


class ServiceSchema(strawberry.federation.Schema):
    """Bounded Date, DateTime, Decimal and JSON scalars (service_runtime.scalars) everywhere.

    Every mutation field is audited (service_runtime.audit), so no subgraph can forget to.

    Logs only unexpected errors as errors (with their traceback); a client's own mistakes
    (validation, permissions, expected failures) are routine and logged at info."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["scalar_overrides"] = {**SCALAR_OVERRIDES, **(kwargs.get("scalar_overrides") or {})}
        audit_every_mutation(kwargs.get("mutation", args[1] if len(args) > 1 else None))
        super().__init__(*args, **kwargs)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_expected(error):
                code = (error.extensions or {}).get("code")
                log.info(
                    "graphql_client_error",
                    message=shorten(error.message),
                    code=code,
                    path=error.path,
                )
            else:
                original = error.original_error or error
                log.error(
                    "graphql_unexpected_error",
                    path=error.path,
                    exc_info=(type(original), original, original.__traceback__),
                )
