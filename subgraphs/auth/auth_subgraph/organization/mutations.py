from __future__ import annotations

from typing import Annotated

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.organization import service
from auth_subgraph.organization.errors import MembershipError
from auth_subgraph.organization.inputs import AssignableRole
from auth_subgraph.organization.models import Membership as MembershipRow
from auth_subgraph.organization.types import Membership, MembershipPayload, RemovedMembership
from auth_subgraph.scopes import ORG_MANAGE
from service_runtime.ids import parse_uuid
from service_runtime.work import in_transaction, work_of

MembershipResult = Annotated[
    MembershipPayload | MembershipError, strawberry.union("MembershipResult")
]
RemoveMemberResult = Annotated[
    RemovedMembership | MembershipError, strawberry.union("RemoveMemberResult")
]


def _payload(row: MembershipRow | MembershipError) -> MembershipPayload | MembershipError:
    if isinstance(row, MembershipError):
        return row
    membership = Membership.from_row(row)
    return MembershipPayload(membership=membership)


@strawberry.type
class MembersMutation:
    @strawberry.mutation(
        extensions=in_transaction(ORG_MANAGE.extensions),
        description="Add a registered user to your organisation; they choose it at login.",
    )
    async def add_organization_member(
        self, info: Info, email: str, role: AssignableRole
    ) -> MembershipResult:
        work = work_of(info)
        return _payload(await service.add_member(work.session, work.organization_id, email, role))

    @strawberry.mutation(
        extensions=in_transaction(ORG_MANAGE.extensions),
        description="Change a member's role. Their access tokens stop working within seconds;"
        " a refresh gives one with the new role.",
    )
    async def change_member_role(
        self, info: Info, user_id: strawberry.ID, role: AssignableRole
    ) -> MembershipResult:
        work = work_of(info)
        return _payload(
            await service.change_role(work.session, work.organization_id, parse_uuid(user_id), role)
        )

    @strawberry.mutation(
        extensions=in_transaction(ORG_MANAGE.extensions),
        description="Remove a member from your organisation. Their sessions there end and"
        " their access tokens stop working within seconds.",
    )
    async def remove_organization_member(
        self, info: Info, user_id: strawberry.ID
    ) -> RemoveMemberResult:
        work = work_of(info)
        removed = await service.remove_member(
            work.session, work.organization_id, parse_uuid(user_id)
        )
        if isinstance(removed, MembershipError):
            return removed
        return RemovedMembership(user_id=strawberry.ID(str(removed.user_id)))
