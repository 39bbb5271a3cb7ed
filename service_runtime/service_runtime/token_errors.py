"""Why a presented access token was refused: the reason codes the router gives too."""

from __future__ import annotations

import enum


class AuthErrorCode(enum.StrEnum):
    MALFORMED_TOKEN = "MALFORMED_TOKEN"
    TOKEN_TOO_LARGE = "TOKEN_TOO_LARGE"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_REVOKED = "TOKEN_REVOKED"
    INVALID_SIGNATURE = "INVALID_SIGNATURE"
    INVALID_ISSUER = "INVALID_ISSUER"
    INVALID_AUDIENCE = "INVALID_AUDIENCE"
    UNSUPPORTED_ALGORITHM = "UNSUPPORTED_ALGORITHM"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    INVALID_CLAIMS = "INVALID_CLAIMS"
    KEYS_UNAVAILABLE = "KEYS_UNAVAILABLE"


class AuthenticationError(Exception):
    def __init__(self, code: AuthErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
