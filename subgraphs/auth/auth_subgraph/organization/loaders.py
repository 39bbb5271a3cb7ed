"""The organisation domain's per-request DataLoaders. Callers check the tenant first (an
organisation resolves only for its own members' tokens)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.organization.models import Membership, Organization
from auth_subgraph.organization.repository import MembershipRepository, OrganizationRepository
from service_runtime.loaders import RequestLoader


class OrganizationByIdLoader(RequestLoader[uuid.UUID, Organization | None]):
    async def fetch(
        self, session: AsyncSession, keys: list[uuid.UUID]
    ) -> Sequence[Organization | None]:
        return await OrganizationRepository(session).by_ids(keys)


class MembershipsByUserIdLoader(RequestLoader[uuid.UUID, list[Membership]]):
    """Each user's memberships, oldest first."""

    async def fetch(
        self, session: AsyncSession, keys: list[uuid.UUID]
    ) -> Sequence[list[Membership]]:
        return await MembershipRepository(session).by_user_ids(keys)
