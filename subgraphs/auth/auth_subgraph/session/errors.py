"""Expected failures of the session mutations (part of the schema)."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class LoginErrorCode(enum.Enum):
    # One code for unknown e-mail and wrong password alike: never reveal which.
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    NOT_A_MEMBER = "NOT_A_MEMBER"


@strawberry.enum
class RefreshErrorCode(enum.Enum):
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"
    REFRESH_TOKEN_EXPIRED = "REFRESH_TOKEN_EXPIRED"
    # A spent token was presented again: the whole session family is now revoked.
    REFRESH_TOKEN_REUSED = "REFRESH_TOKEN_REUSED"


@strawberry.type
class LoginError:
    code: LoginErrorCode
    message: str
    retry_after_seconds: int | None = None


# Deliberately not a DomainError: refusing a reused refresh token revokes its whole family,
# and that must commit with the refusal rather than roll back with it.
@strawberry.type
class RefreshError:
    code: RefreshErrorCode
    message: str
