from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth_subgraph.context import Info
from service_runtime.ids import parse_uuid
from auth_subgraph.organization.models import Organization as OrganizationRow
from auth_subgraph.organization.roles import Role

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
        row = await info.context.loaders.organization_by_id.load(organization_id)
        return cls.from_row(row) if row else None


@strawberry.type
class Membership:
    role: RoleType  # type: ignore[valid-type]
    organization_id: strawberry.Private[uuid.UUID]
    user_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        row = await info.context.loaders.organization_by_id.load(self.organization_id)
        assert row is not None  # memberships reference organisations by foreign key
        return OrganizationType.from_row(row)

    @strawberry.field
    async def user(
        self, info: Info
    ) -> Annotated[User, strawberry.lazy("auth_subgraph.user.types")]:
        from auth_subgraph.user.types import User

        row = await info.context.loaders.user_by_id.load(self.user_id)
        assert row is not None
        return User.from_row(row)
