"""Error policy: expected failures are schema (typed results); anything unexpected is masked
for clients and logged with the request id."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

MASKED_MESSAGE = "Unexpected error."


class ClientError(GraphQLError):
    """An error whose message and code are meant for the client (never masked)."""

    def __init__(self, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message, extensions={"code": code})
        self.code = code


def is_expected(error: GraphQLError) -> bool:
    """True for errors meant for the client: validation, permissions, ClientError."""
    original = error.original_error
    # No original error: a syntax or validation error about the client's own document.
    return original is None or isinstance(original, GraphQLError)


def _should_mask(error: GraphQLError) -> bool:
    # Logged (with the request id and traceback) by ServiceSchema.process_errors.
    return not is_expected(error)


def masked_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=_should_mask, error_message=MASKED_MESSAGE)
