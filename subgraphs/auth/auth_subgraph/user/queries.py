from __future__ import annotations

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.organization.loaders import OrganizationByIdLoader
from auth_subgraph.organization.types import OrganizationType
from auth_subgraph.user.loaders import UserByIdLoader
from auth_subgraph.user.types import User
from service_runtime.errors import ClientError
from service_runtime.permissions import authenticated


@strawberry.type
class UserQuery:
    @strawberry.field(extensions=authenticated(), description="The caller.")
    async def me(self, info: Info) -> User:
        principal = info.context.principal
        assert principal is not None  # guaranteed by @authenticated
        row = await UserByIdLoader.of(info).load(principal.user_id)
        if row is None:
            # A validly signed token for a deleted account: the caller is nobody any more.
            raise ClientError("The account of this token no longer exists.", "UNAUTHENTICATED")
        return User.from_row(row)

    @strawberry.field(extensions=authenticated(), description="The organisation of the token.")
    async def current_organization(self, info: Info) -> OrganizationType | None:
        principal = info.context.principal
        assert principal is not None
        if principal.organization_id is None:
            return None
        row = await OrganizationByIdLoader.of(info).load(principal.organization_id)
        return OrganizationType.from_row(row) if row else None
