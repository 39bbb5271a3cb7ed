"""Error policy: expected failures are schema (typed results); anything unexpected is masked
for clients and logged with the request id. Every error a client sees carries a code and a
message of bounded length (graphql-core quotes invalid literals whole)."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

MASKED_MESSAGE = "Unexpected error."
# Messages are cut to this many characters: enough for any message of ours, short enough that
# a hostile value quoted inside one cannot bloat responses or log lines.
MAX_MESSAGE_LENGTH = 300


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


def shorten(text: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    return text if len(text) <= limit else f"{text[: limit - 30]}... ({len(text)} characters)"


def client_code(error: GraphQLError) -> str:
    """The error's code; graphql-core's own errors get Apollo's conventional ones."""
    own = (error.extensions or {}).get("code")
    if own:
        return str(own)
    original = error.original_error
    if isinstance(original, GraphQLError):
        # A variable coercion error wraps the scalar's own (typed) error.
        return (original.extensions or {}).get("code") or "BAD_USER_INPUT"
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _for_client(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    lifted = original.extensions if isinstance(original, GraphQLError) else None
    extensions = {**(lifted or {}), **(error.extensions or {})}
    extensions["code"] = client_code(error)
    return GraphQLError(
        shorten(error.message),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=extensions,
    )


class ClientSafeErrors(MaskErrors):
    """Masks unexpected errors; gives every other one a code and a bounded message."""

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [
            self.anonymise_error(error) if self.should_mask_error(error) else _for_client(error)
            for error in errors
        ]


def _should_mask(error: GraphQLError) -> bool:
    # Logged (with the request id and traceback) by ServiceSchema.process_errors.
    return not is_expected(error)


def masked_errors() -> MaskErrors:
    return ClientSafeErrors(should_mask_error=_should_mask, error_message=MASKED_MESSAGE)
