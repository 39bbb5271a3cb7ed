from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class ClientErrorCode(enum.Enum):
    CLIENT_NOT_FOUND = "CLIENT_NOT_FOUND"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_INPUT = "INVALID_INPUT"
    ALREADY_ARCHIVED = "ALREADY_ARCHIVED"
    NOT_ARCHIVED = "NOT_ARCHIVED"


@strawberry.type
class ClientError(DomainError):
    code: ClientErrorCode
    message: str
    field: str | None = None


def client_error(code: ClientErrorCode, message: str, field: str | None = None) -> ClientError:
    return ClientError(code=code, message=message, field=field)


def not_found() -> ClientError:
    return client_error(ClientErrorCode.CLIENT_NOT_FOUND, "No such client.")
