from __future__ import annotations

import uuid

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.organization.loaders import MembershipsByUserIdLoader
from auth_subgraph.organization.types import Membership
from auth_subgraph.user.loaders import UserByIdLoader
from auth_subgraph.user.models import User as UserRow
from service_runtime.ids import parse_uuid


@strawberry.federation.type(keys=["id"])
class User:
    """A person who can log in. Other subgraphs reference users by id."""

    id: strawberry.ID
    email: str
    display_name: str

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return cls(id=strawberry.ID(str(row.id)), email=row.email, display_name=row.display_name)

    @strawberry.field(description="The user's organisations; visible to the user themselves.")
    async def memberships(self, info: Info) -> list[Membership]:
        principal = info.context.principal
        if principal is None or str(principal.user_id) != self.id:
            return []
        rows = await MembershipsByUserIdLoader.of(info).load(uuid.UUID(self.id))
        return [Membership.from_row(row) for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> User | None:
        # Tenant isolation: a user resolves only for callers sharing an organisation with them.
        principal = info.context.principal
        user_id = parse_uuid(id)
        if principal is None or user_id is None:
            return None
        memberships = await MembershipsByUserIdLoader.of(info).load(user_id)
        if not any(m.organization_id == principal.organization_id for m in memberships):
            return None
        row = await UserByIdLoader.of(info).load(user_id)
        return cls.from_row(row) if row else None
