from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.organization.loaders import OrganizationByIdLoader
from auth_subgraph.organization.models import Membership as MembershipRow
from auth_subgraph.organization.models import Organization as OrganizationRow
from auth_subgraph.organization.roles import Role
from auth_subgraph.user.loaders import UserByIdLoader
from service_runtime.ids import parse_uuid

if TYPE_CHECKING:
    from auth_subgraph.user.types import User

RoleType = strawberry.enum(Role, name="Role")


@strawberry.federation.type(keys=["id"], name="Organization")
class OrganizationType:
    """A tenant. Every business row of every subgraph carries an organisation id."""

    id: strawberry.ID
    name: str

    @classmethod
    def from_row(cls, row: OrganizationRow) -> OrganizationType:
        return cls(id=strawberry.ID(str(row.id)), name=row.name)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> OrganizationType | None:
        # Tenant isolation: only the caller's own organisation is ever resolved.
        principal = info.context.principal
        organization_id = parse_uuid(id)
        if principal is None or organization_id is None:
            return None
        if organization_id != principal.organization_id:
            return None
        row = await OrganizationByIdLoader.of(info).load(organization_id)
        return cls.from_row(row) if row else None


@strawberry.type
class Membership:
    role: RoleType  # type: ignore[valid-type]
    organization_id: strawberry.Private[uuid.UUID]
    user_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: MembershipRow) -> Membership:
        return cls(role=Role(row.role), organization_id=row.organization_id, user_id=row.user_id)

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        row = await OrganizationByIdLoader.of(info).load(self.organization_id)
        assert row is not None  # memberships reference organisations by foreign key
        return OrganizationType.from_row(row)

    @strawberry.field
    async def user(
        self, info: Info
    ) -> Annotated[User, strawberry.lazy("auth_subgraph.user.types")]:
        from auth_subgraph.user.types import User

        row = await UserByIdLoader.of(info).load(self.user_id)
        assert row is not None
        return User.from_row(row)


@strawberry.type
class MembershipPayload:
    membership: Membership


@strawberry.type
class RemovedMembership:
    user_id: strawberry.ID
