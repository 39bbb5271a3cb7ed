"""Per-request DataLoaders. Each batch opens its own short read session, so concurrent
resolvers never share an AsyncSession."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from auth_subgraph.organization.models import Membership, Organization
from auth_subgraph.organization.repository import MembershipRepository, OrganizationRepository
from auth_subgraph.user.models import User
from auth_subgraph.user.repository import UserRepository
from service_runtime.database import Database

T = TypeVar("T")


def _loader(
    database: Database, batch: Callable[[AsyncSession, Sequence[uuid.UUID]], Awaitable[list[T]]]
) -> DataLoader[uuid.UUID, T]:
    async def load(keys: list[uuid.UUID]) -> list[T]:
        async with database.read() as session:
            return await batch(session, keys)

    return DataLoader(load_fn=load)


@dataclass
class AuthLoaders:
    user_by_id: DataLoader[uuid.UUID, User | None]
    organization_by_id: DataLoader[uuid.UUID, Organization | None]
    memberships_by_user_id: DataLoader[uuid.UUID, list[Membership]]


def make_loaders(database: Database) -> AuthLoaders:
    def users(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Any:
        return UserRepository(session).by_ids(ids)

    def organizations(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Any:
        return OrganizationRepository(session).by_ids(ids)

    def memberships(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Any:
        return MembershipRepository(session).by_user_ids(ids)

    return AuthLoaders(
        user_by_id=_loader(database, users),
        organization_by_id=_loader(database, organizations),
        memberships_by_user_id=_loader(database, memberships),
    )
