"""Revoking access tokens, in the same transaction as the change that calls for it.

Each function marks the database (refresh-token families revoked, membership version raised)
and records an `auth.tokens.revoked.v1` event in the outbox. The event, not a Redis write after
commit, is what reaches the router and the subgraphs (publisher.py): a write after commit is
lost if the process dies or Redis blips between the two, and the outbox cannot lose it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.base import outbox
from auth_subgraph.events import TokensRevokedV1
from auth_subgraph.organization.models import Membership
from auth_subgraph.session.repository import RefreshTokenRepository
from service_runtime.events import emit


async def revoke_family(
    session: AsyncSession, family_id: uuid.UUID, user_id: uuid.UUID, reason: str
) -> None:
    """End one login session: its refresh tokens and its live access tokens."""
    await RefreshTokenRepository(session).revoke_family(family_id, datetime.now(UTC))
    await emit(
        session,
        outbox,
        TokensRevokedV1(user_id=user_id, session_ids=[family_id], reason=reason),
        None,
    )


async def revoke_sessions(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    reason: str,
    organization_id: uuid.UUID | None = None,
    keep: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """End every live session of the user (in one organisation when given), but `keep`."""
    families = await RefreshTokenRepository(session).revoke_live_families(
        user_id, datetime.now(UTC), organization_id=organization_id, keep=keep
    )
    if families:
        event = TokensRevokedV1(
            user_id=user_id, organization_id=organization_id, session_ids=families, reason=reason
        )
        await emit(session, outbox, event, organization_id)
    return families


async def raise_membership_version(
    session: AsyncSession, membership: Membership, reason: str
) -> None:
    """Revoke the membership's live access tokens but keep its sessions: a refresh gives a
    token that carries the membership as it is now (e.g. the new role)."""
    membership.token_version = (membership.token_version or 0) + 1
    event = TokensRevokedV1(
        user_id=membership.user_id,
        organization_id=membership.organization_id,
        membership_token_version=membership.token_version,
        reason=reason,
    )
    await emit(session, outbox, event, membership.organization_id)
