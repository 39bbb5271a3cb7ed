from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from auth_subgraph.organization.models import Membership, Organization
from service_runtime.repository import Repository


class OrganizationRepository(Repository[Organization]):
    model = Organization


class MembershipRepository(Repository[Membership]):
    model = Membership

    async def of_user(self, user_id: uuid.UUID, organization_id: uuid.UUID) -> Membership | None:
        query = select(Membership).where(
            Membership.user_id == user_id, Membership.organization_id == organization_id
        )
        return await self.session.scalar(query)

    async def of_organization(self, organization_id: uuid.UUID) -> list[Membership]:
        """The organisation's memberships, oldest first."""
        query = (
            select(Membership)
            .where(Membership.organization_id == organization_id)
            .order_by(Membership.created_at, Membership.id)
        )
        return list((await self.session.scalars(query)).all())

    async def first_of_user(self, user_id: uuid.UUID) -> Membership | None:
        """The user's oldest membership: the organisation a login lands in by default."""
        query = (
            select(Membership)
            .where(Membership.user_id == user_id)
            .order_by(Membership.created_at, Membership.id)
            .limit(1)
        )
        return await self.session.scalar(query)

    async def by_user_ids(self, user_ids: Sequence[uuid.UUID]) -> list[list[Membership]]:
        query = (
            select(Membership)
            .where(Membership.user_id.in_(user_ids))
            .order_by(Membership.created_at, Membership.id)
        )
        grouped: dict[uuid.UUID, list[Membership]] = {id_: [] for id_ in user_ids}
        for membership in (await self.session.scalars(query)).all():
            grouped[membership.user_id].append(membership)
        return [grouped[id_] for id_ in user_ids]
