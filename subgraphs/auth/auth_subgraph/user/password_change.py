"""Changing one's password: proven by the current one, throttled like logins, and ending every
other session of the user (their refresh and access tokens); the caller's session goes on."""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.revocation.service import revoke_sessions
from auth_subgraph.session.throttle import LoginThrottle
from auth_subgraph.user import passwords
from auth_subgraph.user.repository import UserRepository
from service_runtime.permissions import authenticated


@strawberry.enum
class PasswordChangeErrorCode(enum.Enum):
    WRONG_PASSWORD = "WRONG_PASSWORD"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    SAME_PASSWORD = "SAME_PASSWORD"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"


@strawberry.type
class PasswordChangeError:
    code: PasswordChangeErrorCode
    message: str
    reasons: list[str] = strawberry.field(default_factory=list)
    retry_after_seconds: int | None = None


@strawberry.type
class PasswordChanged:
    other_sessions_ended: int


ChangePasswordResult = Annotated[
    PasswordChanged | PasswordChangeError, strawberry.union("ChangePasswordResult")
]


def _error(
    code: PasswordChangeErrorCode,
    message: str,
    *,
    reasons: list[str] | None = None,
    retry_after_seconds: int | None = None,
) -> PasswordChangeError:
    return PasswordChangeError(
        code=code,
        message=message,
        reasons=reasons or [],
        retry_after_seconds=retry_after_seconds,
    )


@strawberry.type
class PasswordChangeMutation:
    @strawberry.mutation(
        extensions=authenticated(),
        description="Change your password; every other session ends within seconds.",
    )
    async def change_password(
        self, info: Info, current_password: str, new_password: str
    ) -> ChangePasswordResult:
        context = info.context
        principal = context.principal
        assert principal is not None  # guaranteed by @authenticated
        async with context.database.read() as session:
            user = await UserRepository(session).get(principal.user_id)
        if user is None:
            return _error(PasswordChangeErrorCode.WRONG_PASSWORD, "Current password is wrong.")
        throttle = LoginThrottle(context.redis, context.settings)
        retry_after = await throttle.retry_after(user.email, context.client_ip)
        if retry_after is not None:
            return _error(
                PasswordChangeErrorCode.TOO_MANY_ATTEMPTS,
                "Too many failed attempts; try again later.",
                retry_after_seconds=retry_after,
            )
        if not await passwords.verify_password(user.password_hash, current_password):
            await throttle.record_failure(user.email, context.client_ip)
            return _error(PasswordChangeErrorCode.WRONG_PASSWORD, "Current password is wrong.")
        if new_password == current_password:
            return _error(PasswordChangeErrorCode.SAME_PASSWORD, "Choose a different password.")
        verdict = passwords.judge_strength(new_password, [user.email, user.display_name])
        if not verdict.acceptable:
            return _error(
                PasswordChangeErrorCode.WEAK_PASSWORD,
                "Password is too weak.",
                reasons=verdict.reasons,
            )
        new_hash = await passwords.hash_password(new_password)
        async with context.database.write() as session:
            stored = await UserRepository(session).get(user.id)
            assert stored is not None
            stored.password_hash = new_hash
            ended = await revoke_sessions(
                session, user.id, reason="password_changed", keep=principal.session_id
            )
        return PasswordChanged(other_sessions_ended=len(ended))
