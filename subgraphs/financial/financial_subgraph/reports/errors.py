from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class ReportErrorCode(enum.Enum):
    INVALID_RANGE = "INVALID_RANGE"
    RANGE_TOO_LONG = "RANGE_TOO_LONG"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    RATE_NOT_FOUND = "RATE_NOT_FOUND"


@strawberry.type
class ReportError(DomainError):
    code: ReportErrorCode
    message: str
    field: str | None = None


def report_error(code: ReportErrorCode, message: str, field: str | None = None) -> ReportError:
    return ReportError(code=code, message=message, field=field)
