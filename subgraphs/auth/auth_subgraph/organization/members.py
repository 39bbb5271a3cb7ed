"""Organisation membership management: admins add existing users with a role, list members,
change roles and remove members. Owners are made only by registration: an owner can never be
added, demoted or removed here, so an organisation always keeps its owner."""

from __future__ import annotations

import enum
import uuid
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.context import Info
from service_runtime.ids import parse_uuid
from auth_subgraph.organization.models import Membership as MembershipRow
from auth_subgraph.organization.repository import MembershipRepository
from auth_subgraph.organization.roles import Role
from auth_subgraph.organization.types import Membership
from auth_subgraph.revocation.service import raise_membership_version, revoke_sessions
from auth_subgraph.user.repository import UserRepository
from service_runtime.errors import ClientError
from service_runtime.permissions import requires_scopes

MANAGE = requires_scopes(["org:manage"])


@strawberry.enum
class AssignableRole(enum.Enum):
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


@strawberry.enum
class MembershipErrorCode(enum.Enum):
    USER_NOT_FOUND = "USER_NOT_FOUND"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    NOT_A_MEMBER = "NOT_A_MEMBER"
    OWNER_IS_FIXED = "OWNER_IS_FIXED"


@strawberry.type
class MembershipError:
    code: MembershipErrorCode
    message: str


@strawberry.type
class MembershipPayload:
    membership: Membership


@strawberry.type
class RemovedMembership:
    user_id: strawberry.ID


MembershipResult = Annotated[
    MembershipPayload | MembershipError, strawberry.union("MembershipResult")
]
RemoveMemberResult = Annotated[
    RemovedMembership | MembershipError, strawberry.union("RemoveMemberResult")
]


def _organization(info: Info) -> uuid.UUID:
    principal = info.context.principal
    if principal is None or principal.organization_id is None:
        raise ClientError("This token is not scoped to an organisation.", "FORBIDDEN")
    return principal.organization_id


def _payload(row: MembershipRow) -> MembershipPayload:
    return MembershipPayload(
        membership=Membership(
            role=Role(row.role), organization_id=row.organization_id, user_id=row.user_id
        )
    )


def _error(code: MembershipErrorCode, message: str) -> MembershipError:
    return MembershipError(code=code, message=message)


async def _member(
    session: AsyncSession, organization_id: uuid.UUID, user_id: strawberry.ID
) -> MembershipRow | MembershipError:
    parsed = parse_uuid(user_id)
    row = await MembershipRepository(session).of_user(parsed, organization_id) if parsed else None
    if row is None:
        return _error(MembershipErrorCode.NOT_A_MEMBER, "No such member of this organisation.")
    if row.role == Role.OWNER:
        return _error(MembershipErrorCode.OWNER_IS_FIXED, "The owner's membership is fixed.")
    return row


@strawberry.type
class MembersQuery:
    @strawberry.field(
        extensions=requires_scopes(["org:read"]), description="Members of your organisation."
    )
    async def organization_members(self, info: Info) -> list[Membership]:
        organization_id = _organization(info)
        async with info.context.database.read() as session:
            rows = await session.scalars(
                select(MembershipRow)
                .where(MembershipRow.organization_id == organization_id)
                .order_by(MembershipRow.created_at, MembershipRow.id)
            )
            return [_payload(row).membership for row in rows]


@strawberry.type
class MembersMutation:
    @strawberry.mutation(
        extensions=MANAGE,
        description="Add a registered user to your organisation; they choose it at login.",
    )
    async def add_organization_member(
        self, info: Info, email: str, role: AssignableRole
    ) -> MembershipResult:
        organization_id = _organization(info)
        async with info.context.database.write() as session:
            user = await UserRepository(session).by_email(email)
            if user is None:
                return _error(MembershipErrorCode.USER_NOT_FOUND, "No user with that e-mail.")
            memberships = MembershipRepository(session)
            if await memberships.of_user(user.id, organization_id) is not None:
                return _error(MembershipErrorCode.ALREADY_MEMBER, "Already a member.")
            row = MembershipRow(user_id=user.id, organization_id=organization_id, role=role.value)
            await memberships.add(row)
            return _payload(row)

    @strawberry.mutation(
        extensions=MANAGE,
        description="Change a member's role. Their access tokens stop working within seconds;"
        " a refresh gives one with the new role.",
    )
    async def change_member_role(
        self, info: Info, user_id: strawberry.ID, role: AssignableRole
    ) -> MembershipResult:
        organization_id = _organization(info)
        async with info.context.database.write() as session:
            row = await _member(session, organization_id, user_id)
            if isinstance(row, MembershipError):
                return row
            if row.role != role.value:
                row.role = role.value
                await raise_membership_version(session, row, reason="role_changed")
            await session.flush()
            return _payload(row)

    @strawberry.mutation(
        extensions=MANAGE,
        description="Remove a member from your organisation. Their sessions there end and"
        " their access tokens stop working within seconds.",
    )
    async def remove_organization_member(
        self, info: Info, user_id: strawberry.ID
    ) -> RemoveMemberResult:
        organization_id = _organization(info)
        async with info.context.database.write() as session:
            row = await _member(session, organization_id, user_id)
            if isinstance(row, MembershipError):
                return row
            await session.delete(row)
            await revoke_sessions(
                session, row.user_id, reason="member_removed", organization_id=organization_id
            )
            return RemovedMembership(user_id=strawberry.ID(str(row.user_id)))
