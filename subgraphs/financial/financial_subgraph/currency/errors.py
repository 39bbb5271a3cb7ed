from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class ExchangeRateErrorCode(enum.Enum):
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    RATE_NOT_FOUND = "RATE_NOT_FOUND"


@strawberry.type
class ExchangeRateError(DomainError):
    code: ExchangeRateErrorCode
    message: str


@strawberry.enum
class RateImportErrorCode(enum.Enum):
    MALFORMED_FILE = "MALFORMED_FILE"


@strawberry.type
class RateImportError(DomainError):
    code: RateImportErrorCode
    message: str
    line: int | None = None
