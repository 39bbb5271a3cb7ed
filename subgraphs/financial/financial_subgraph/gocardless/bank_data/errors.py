"""Typed errors of bank-data linking and sync."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class BankSyncErrorCode(enum.Enum):
    BANK_ACCOUNT_NOT_FOUND = "BANK_ACCOUNT_NOT_FOUND"
    NOT_CONNECTED = "NOT_CONNECTED"
    NOT_CONFIGURED = "NOT_CONFIGURED"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    INVALID_INPUT = "INVALID_INPUT"
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"
    PROVIDER_REJECTED = "PROVIDER_REJECTED"


@strawberry.type(
    description="Why a bank account could not be linked or synced; nothing was written."
)
class BankSyncError:
    code: BankSyncErrorCode
    message: str
    field: str | None = None


def sync_error(code: BankSyncErrorCode, message: str, field: str | None = None) -> BankSyncError:
    return BankSyncError(code=code, message=message, field=field)
