from __future__ import annotations

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.organization import service
from auth_subgraph.organization.types import Membership
from auth_subgraph.scopes import ORG_READ
from service_runtime.work import reading


@strawberry.type
class MembersQuery:
    @strawberry.field(extensions=ORG_READ.extensions, description="Members of your organisation.")
    async def organization_members(self, info: Info) -> list[Membership]:
        async with reading(info) as work:
            rows = await service.members_of(work.session, work.organization_id)
        return [Membership.from_row(row) for row in rows]
