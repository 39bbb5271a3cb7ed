"""Error policy: expected failures are schema (typed results); anything unexpected is masked
for clients and logged with the request id."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from service_runtime.logging import get_logger

log = get_logger(__name__)

MASKED_MESSAGE = "Unexpected error."


class ClientError(Exception):
    """An error whose message and code are meant for the client (never masked)."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error: a syntax or validation error about the client's own document.
    if original is None or isinstance(original, GraphQLError | ClientError):
        return False
    log.error(
        "unexpected_error",
        path=error.path,
        error_type=type(original).__name__,
        exc_info=(type(original), original, original.__traceback__),
    )
    return True


def masked_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=_should_mask, error_message=MASKED_MESSAGE)
