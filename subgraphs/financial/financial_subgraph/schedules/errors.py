"""Typed errors of the schedule mutations: one enum of codes, one error type."""

from __future__ import annotations

import enum

import strawberry

from financial_subgraph.invoice.errors import InvoiceError
from service_runtime.rejection import DomainError


@strawberry.enum
class ScheduleErrorCode(enum.Enum):
    SCHEDULE_NOT_FOUND = "SCHEDULE_NOT_FOUND"
    INVALID_SCHEDULE = "INVALID_SCHEDULE"
    CLIENT_NOT_FOUND = "CLIENT_NOT_FOUND"
    NO_LINES = "NO_LINES"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    NEGATIVE_TOTAL = "NEGATIVE_TOTAL"
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_STATE = "INVALID_STATE"
    ADMIN_REQUIRED = "ADMIN_REQUIRED"
    INVALID_POLICY = "INVALID_POLICY"
    DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE"
    DISCOUNT_TOO_LARGE = "DISCOUNT_TOO_LARGE"


@strawberry.type(description="Why a schedule operation was refused; nothing was written.")
class ScheduleError(DomainError):
    code: ScheduleErrorCode
    message: str
    field: str | None = None


def schedule_error(
    code: ScheduleErrorCode, message: str, field: str | None = None
) -> ScheduleError:
    return ScheduleError(code=code, message=message, field=field)


def not_found() -> ScheduleError:
    return schedule_error(ScheduleErrorCode.SCHEDULE_NOT_FOUND, "No such recurring invoice.")


def invalid_schedule(field: str, message: str) -> ScheduleError:
    return schedule_error(ScheduleErrorCode.INVALID_SCHEDULE, message, field)


def from_invoice_error(error: InvoiceError) -> ScheduleError:
    """The invoice package's validation error, under the same code where one exists."""
    code = ScheduleErrorCode.__members__.get(error.code.name, ScheduleErrorCode.INVALID_INPUT)
    return schedule_error(code, error.message, error.field)
