"""The user domain's per-request DataLoaders (users belong to no tenant)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.user.models import User
from auth_subgraph.user.repository import UserRepository
from service_runtime.loaders import RequestLoader


class UserByIdLoader(RequestLoader[uuid.UUID, User | None]):
    async def fetch(self, session: AsyncSession, keys: list[uuid.UUID]) -> Sequence[User | None]:
        return await UserRepository(session).by_ids(keys)
