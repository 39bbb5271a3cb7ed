from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, text, update

from auth_subgraph.signing_key.models import SigningKey
from service_runtime.repository import Repository


class SigningKeyRepository(Repository[SigningKey]):
    model = SigningKey

    async def lock_rotation(self) -> None:
        """Serialise key creation and rotation across replicas (held until commit)."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('auth.signing_keys'))")
        )

    async def current(self) -> SigningKey | None:
        query = (
            select(SigningKey)
            .where(SigningKey.retired_at.is_(None))
            .order_by(SigningKey.created_at.desc())
            .limit(1)
        )
        return await self.session.scalar(query)

    async def published(self, retired_after: datetime) -> list[SigningKey]:
        """The current key and keys retired recently enough that tokens they signed still live."""
        query = (
            select(SigningKey)
            .where(or_(SigningKey.retired_at.is_(None), SigningKey.retired_at > retired_after))
            .order_by(SigningKey.created_at.desc())
        )
        return list((await self.session.scalars(query)).all())

    async def retire_all_current(self, at: datetime) -> None:
        await self.session.execute(
            update(SigningKey).where(SigningKey.retired_at.is_(None)).values(retired_at=at)
        )
