from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class SettingsErrorCode(enum.Enum):
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    BASE_CURRENCY_LOCKED = "BASE_CURRENCY_LOCKED"


@strawberry.type
class SettingsError(DomainError):
    code: SettingsErrorCode
    message: str
