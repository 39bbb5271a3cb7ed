from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class MembershipErrorCode(enum.Enum):
    USER_NOT_FOUND = "USER_NOT_FOUND"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    NOT_A_MEMBER = "NOT_A_MEMBER"
    OWNER_IS_FIXED = "OWNER_IS_FIXED"


@strawberry.type
class MembershipError(DomainError):
    code: MembershipErrorCode
    message: str


def membership_error(code: MembershipErrorCode, message: str) -> MembershipError:
    return MembershipError(code=code, message=message)
