"""Login (check credentials, then start a session), refresh-token rotation and logout."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.organization.repository import MembershipRepository
from auth_subgraph.revocation.service import revoke_family
from auth_subgraph.session.errors import LoginError, LoginErrorCode, RefreshError, RefreshErrorCode
from auth_subgraph.session.repository import RefreshTokenRepository
from auth_subgraph.session.throttle import LoginThrottle
from auth_subgraph.session.tokens import IssuedTokens, hash_refresh_token, issue_tokens
from auth_subgraph.settings import AuthSettings
from auth_subgraph.user import passwords
from auth_subgraph.user.models import User
from auth_subgraph.user.repository import UserRepository, normalise_email

_INVALID = LoginError(
    code=LoginErrorCode.INVALID_CREDENTIALS, message="E-mail or password is incorrect."
)


async def check_credentials(
    throttle: LoginThrottle, user: User | None, *, email: str, password: str, client_ip: str | None
) -> LoginError | None:
    """None when the password is right; throttled per account and IP. Holds no database
    connection: argon2 takes a few hundred milliseconds."""
    email = normalise_email(email)
    retry_after = await throttle.retry_after(email, client_ip)
    if retry_after is not None:
        return LoginError(
            code=LoginErrorCode.TOO_MANY_ATTEMPTS,
            message="Too many failed attempts; try again later.",
            retry_after_seconds=retry_after,
        )
    # Unknown e-mails still pay for one argon2 verification, so timing reveals nothing.
    verified = await passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not verified:
        await throttle.record_failure(email, client_ip)
        return _INVALID
    await throttle.reset_account(email)
    return None


async def start_session(
    session: AsyncSession,
    settings: AuthSettings,
    *,
    user_id: uuid.UUID,
    password: str,
    organization_id: uuid.UUID | None,
) -> IssuedTokens | LoginError:
    """Tokens for a user whose password was just checked, in the chosen organisation."""
    user = await UserRepository(session).get(user_id)
    if user is None:
        return _INVALID
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_password(password)
    memberships = MembershipRepository(session)
    membership = (
        await memberships.of_user(user.id, organization_id)
        if organization_id is not None
        else await memberships.first_of_user(user.id)
    )
    if membership is None:
        return LoginError(
            code=LoginErrorCode.NOT_A_MEMBER, message="You are not a member of that organisation."
        )
    return await issue_tokens(session, settings, membership)


async def refresh(
    session: AsyncSession, settings: AuthSettings, refresh_token: str
) -> IssuedTokens | RefreshError:
    """Spend a refresh token for a new pair. Reusing a spent token revokes its whole family."""
    tokens = RefreshTokenRepository(session)
    current = await tokens.by_hash_for_update(hash_refresh_token(refresh_token))
    now = datetime.now(UTC)
    if current is None or current.revoked_at is not None:
        return RefreshError(
            code=RefreshErrorCode.INVALID_REFRESH_TOKEN, message="Refresh token is not valid."
        )
    if current.used_at is not None:
        # Someone holds a copy of a rotated token: end every session descended from that login.
        await revoke_family(session, current.family_id, current.user_id, "refresh_token_reused")
        return RefreshError(
            code=RefreshErrorCode.REFRESH_TOKEN_REUSED,
            message="Refresh token was already used; the session has been revoked.",
        )
    if current.expires_at <= now:
        return RefreshError(
            code=RefreshErrorCode.REFRESH_TOKEN_EXPIRED, message="Refresh token has expired."
        )
    membership = await MembershipRepository(session).of_user(
        current.user_id, current.organization_id
    )
    if membership is None:
        await revoke_family(session, current.family_id, current.user_id, "membership_removed")
        return RefreshError(
            code=RefreshErrorCode.INVALID_REFRESH_TOKEN, message="Membership no longer exists."
        )
    current.used_at = now
    return await issue_tokens(session, settings, membership, family_id=current.family_id)


async def logout(session: AsyncSession, refresh_token: str) -> None:
    """Revoke the session family the token belongs to, access tokens included. Unknown or
    already revoked tokens are ignored."""
    tokens = RefreshTokenRepository(session)
    current = await tokens.by_hash_for_update(hash_refresh_token(refresh_token))
    if current is not None and current.revoked_at is None:
        await revoke_family(session, current.family_id, current.user_id, "logout")
