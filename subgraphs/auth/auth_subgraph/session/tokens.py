"""Issuing an access token and a refresh token for a membership."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.organization.models import Membership
from auth_subgraph.organization.roles import Role, scopes_for
from auth_subgraph.session.models import RefreshToken
from auth_subgraph.session.repository import RefreshTokenRepository
from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key.service import ensure_current_key, sign


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime
    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: Role
    scopes: tuple[str, ...]


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_tokens(
    session: AsyncSession,
    settings: AuthSettings,
    membership: Membership,
    family_id: uuid.UUID | None = None,
) -> IssuedTokens:
    """A signed access token and a new link in the refresh-token family (a new family if None)."""
    now = datetime.now(UTC)
    role = Role(membership.role)
    scopes = scopes_for(role)
    access_expires_at = now + timedelta(seconds=settings.access_token_ttl_seconds)
    key = await ensure_current_key(session, settings)
    family_id = family_id or uuid.uuid4()
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(membership.user_id),
        "org": str(membership.organization_id),
        "role": role.value,
        "scope": " ".join(scopes),
        "iat": int(now.timestamp()),
        "exp": int(access_expires_at.timestamp()),
        "jti": str(uuid.uuid4()),
        # What revocation keys on: the login session and the membership's token version.
        "sid": str(family_id),
        "ver": membership.token_version or 0,  # None until the new row is flushed
    }
    refresh_token = secrets.token_urlsafe(32)
    refresh_expires_at = now + timedelta(seconds=settings.refresh_token_ttl_seconds)
    await RefreshTokenRepository(session).add(
        RefreshToken(
            family_id=family_id,
            user_id=membership.user_id,
            organization_id=membership.organization_id,
            token_hash=hash_refresh_token(refresh_token),
            expires_at=refresh_expires_at,
        )
    )
    return IssuedTokens(
        access_token=sign(claims, key, settings),
        access_expires_at=access_expires_at,
        refresh_token=refresh_token,
        refresh_expires_at=refresh_expires_at,
        user_id=membership.user_id,
        organization_id=membership.organization_id,
        role=role,
        scopes=scopes,
    )
