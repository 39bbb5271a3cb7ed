"""Typed errors of the GoCardless mutations."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class GoCardlessErrorCode(enum.Enum):
    CLIENT_NOT_FOUND = "CLIENT_NOT_FOUND"
    INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"
    PAYMENT_NOT_FOUND = "PAYMENT_NOT_FOUND"
    PAYMENT_NOT_CANCELLABLE = "PAYMENT_NOT_CANCELLABLE"
    NOT_CONFIGURED = "NOT_CONFIGURED"
    UNSUPPORTED_CURRENCY = "UNSUPPORTED_CURRENCY"
    INVALID_INPUT = "INVALID_INPUT"
    MANDATE_ALREADY_ACTIVE = "MANDATE_ALREADY_ACTIVE"
    NO_ACTIVE_MANDATE = "NO_ACTIVE_MANDATE"
    MANDATE_INACTIVE = "MANDATE_INACTIVE"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    INVOICE_NOT_COLLECTABLE = "INVOICE_NOT_COLLECTABLE"
    NOTHING_DUE = "NOTHING_DUE"
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"
    PROVIDER_REJECTED = "PROVIDER_REJECTED"


@strawberry.type
class GoCardlessError:
    code: GoCardlessErrorCode
    message: str
    field: str | None = None


def gocardless_error(
    code: GoCardlessErrorCode, message: str, field: str | None = None
) -> GoCardlessError:
    return GoCardlessError(code=code, message=message, field=field)
