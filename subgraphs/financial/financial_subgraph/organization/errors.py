from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class SettingsErrorCode(enum.Enum):
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    BASE_CURRENCY_LOCKED = "BASE_CURRENCY_LOCKED"


@strawberry.type
class SettingsError:
    code: SettingsErrorCode
    message: str
