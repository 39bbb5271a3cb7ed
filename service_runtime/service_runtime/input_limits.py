"""Bounds every input has before anything else reads it, and the typed error for breaking one.

The limits are structural (what the platform can store and compute with safely); business rules
(an issue date near today, an amount above zero) stay in each domain's validation.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLArgument, GraphQLError, GraphQLInputField

# Text: a field without its own limit takes this one; large documents (statement files,
# templates) declare theirs with `text_limit`.
DEFAULT_MAX_TEXT_LENGTH = 100_000
# JSON scalar values (customFields and the like): nesting and serialised size.
MAX_JSON_DEPTH = 32
MAX_JSON_BYTES = 64 * 1024
# Decimals: finite, at most this many significant digits, magnitude within 10^-12..10^18.
MAX_DECIMAL_DIGITS = 30
MAX_DECIMAL_TEXT = 64
MIN_DECIMAL_EXPONENT = -12
MAX_DECIMAL_ADJUSTED_EXPONENT = 18
# Dates: wide enough for any business record, narrow enough that adding terms, periods or
# years can never leave Python's and Postgres's date range (year 1 and 9999 overflowed).
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
MAX_DATE_TEXT = 64
# Values quoted back in messages and logs are cut to this many characters.
MAX_ECHO = 64

TEXT_LIMIT_KEY = "service_runtime.max_length"


class InputErrorCode(enum.StrEnum):
    INPUT_TOO_LARGE = "INPUT_TOO_LARGE"
    JSON_TOO_DEEP = "JSON_TOO_DEEP"
    INVALID_TEXT = "INVALID_TEXT"
    INVALID_DECIMAL = "INVALID_DECIMAL"
    INVALID_DATE = "INVALID_DATE"
    DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE"
    INVALID_JSON = "INVALID_JSON"


class InputBoundError(GraphQLError):
    """A value refused by an input bound; the message never quotes it whole."""

    def __init__(self, code: InputErrorCode, message: str, field: str | None = None) -> None:
        extensions: dict[str, Any] = {"code": code.value}
        if field is not None:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)
        self.code = code


def echo(value: object, limit: int = MAX_ECHO) -> str:
    """`value` as it may appear in a message or log: repr'd and cut to `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:limit]!r}... ({len(text)} characters)"


def text_limit(max_length: int) -> Mapping[str, int]:
    """Field or argument metadata raising the text limit: `strawberry.field(metadata=...)`."""
    return {TEXT_LIMIT_KEY: max_length}


def text_problem(value: str, max_length: int) -> tuple[InputErrorCode, str] | None:
    """Why `value` may not be stored as text, if it may not."""
    if len(value) > max_length:
        return InputErrorCode.INPUT_TOO_LARGE, f"at most {max_length} characters"
    if "\x00" in value:
        # Postgres text and jsonb cannot hold NUL.
        return InputErrorCode.INVALID_TEXT, "must not contain NUL characters"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return InputErrorCode.INVALID_TEXT, "must not contain lone surrogate code points"
    return None


def max_length_of(definition: GraphQLArgument | GraphQLInputField | None) -> int:
    """The text limit declared on a field or argument (strawberry metadata), else the default."""
    backref = (definition.extensions or {}).get("strawberry-definition") if definition else None
    metadata = getattr(backref, "metadata", None) or {}
    limit: int = metadata.get(TEXT_LIMIT_KEY, DEFAULT_MAX_TEXT_LENGTH)
    return limit


def check_text(value: str, field: str, max_length: int) -> InputBoundError | None:
    """The error of a text input named `field`, if it breaks a bound."""
    problem = text_problem(value, max_length)
    if problem is None:
        return None
    code, reason = problem
    return InputBoundError(code, f"{field}: text {reason}.", field)
