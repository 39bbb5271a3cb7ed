from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update

from auth_subgraph.session.models import RefreshToken
from service_runtime.repository import Repository


class RefreshTokenRepository(Repository[RefreshToken]):
    model = RefreshToken

    async def by_hash_for_update(self, token_hash: str) -> RefreshToken | None:
        """Locked, so two concurrent refreshes of one token cannot both succeed."""
        query = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
        return await self.session.scalar(query)

    async def revoke_live_families(
        self,
        user_id: uuid.UUID,
        at: datetime,
        *,
        organization_id: uuid.UUID | None = None,
        keep: uuid.UUID | None = None,
    ) -> list[uuid.UUID]:
        """Revoke every unexpired session family of the user; the families revoked."""
        conditions = [
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > at,
        ]
        if organization_id is not None:
            conditions.append(RefreshToken.organization_id == organization_id)
        if keep is not None:
            conditions.append(RefreshToken.family_id != keep)
        live = select(RefreshToken.family_id).where(*conditions).distinct()
        families = list((await self.session.scalars(live)).all())
        if families:
            await self.session.execute(
                update(RefreshToken)
                .where(RefreshToken.family_id.in_(families), RefreshToken.revoked_at.is_(None))
                .values(revoked_at=at)
            )
        return families

    async def revoke_family(self, family_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )
