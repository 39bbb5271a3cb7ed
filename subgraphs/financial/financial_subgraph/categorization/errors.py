from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class CategorizationErrorCode(enum.Enum):
    CATEGORY_NOT_FOUND = "CATEGORY_NOT_FOUND"
    CATEGORY_NAME_TAKEN = "CATEGORY_NAME_TAKEN"
    CATEGORY_CYCLE = "CATEGORY_CYCLE"
    CATEGORY_TOO_DEEP = "CATEGORY_TOO_DEEP"
    CATEGORY_ARCHIVED = "CATEGORY_ARCHIVED"
    CATEGORY_KIND_MISMATCH = "CATEGORY_KIND_MISMATCH"
    CATEGORY_IN_USE = "CATEGORY_IN_USE"
    ALREADY_ARCHIVED = "ALREADY_ARCHIVED"
    NOT_ARCHIVED = "NOT_ARCHIVED"
    RULE_NOT_FOUND = "RULE_NOT_FOUND"
    RULE_NAME_TAKEN = "RULE_NAME_TAKEN"
    INVALID_REGEX = "INVALID_REGEX"
    INVALID_TRIGGER = "INVALID_TRIGGER"
    INVALID_ACTION = "INVALID_ACTION"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"
    TRANSACTION_NOT_FOUND = "TRANSACTION_NOT_FOUND"
    SUGGESTION_NOT_FOUND = "SUGGESTION_NOT_FOUND"
    INVALID_ORDER = "INVALID_ORDER"
    INVALID_INPUT = "INVALID_INPUT"


@strawberry.type
class CategorizationError:
    code: CategorizationErrorCode
    message: str
    field: str | None = None


def error(
    code: CategorizationErrorCode, message: str, field: str | None = None
) -> CategorizationError:
    return CategorizationError(code=code, message=message, field=field)


def invalid(field: str, message: str) -> CategorizationError:
    return error(CategorizationErrorCode.INVALID_INPUT, message, field)


def category_not_found(field: str | None = None) -> CategorizationError:
    return error(CategorizationErrorCode.CATEGORY_NOT_FOUND, "No such category.", field)


def rule_not_found() -> CategorizationError:
    return error(CategorizationErrorCode.RULE_NOT_FOUND, "No such rule.")


def transaction_not_found() -> CategorizationError:
    return error(CategorizationErrorCode.TRANSACTION_NOT_FOUND, "No such transaction.")
