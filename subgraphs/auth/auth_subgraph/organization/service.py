"""Organisation membership management: admins add existing users with a role, change roles
and remove members. Owners are made only by registration: an owner can never be added,
demoted or removed here, so an organisation always keeps its owner.

Services never commit; the mutation's transaction does."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.organization.errors import MembershipError, MembershipErrorCode, membership_error
from auth_subgraph.organization.inputs import AssignableRole
from auth_subgraph.organization.models import Membership
from auth_subgraph.organization.repository import MembershipRepository
from auth_subgraph.organization.roles import Role
from auth_subgraph.revocation.service import raise_membership_version, revoke_sessions
from auth_subgraph.user.repository import UserRepository


async def members_of(session: AsyncSession, organization_id: uuid.UUID) -> list[Membership]:
    """The organisation's memberships, oldest first."""
    return await MembershipRepository(session).of_organization(organization_id)


async def member(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID | None
) -> Membership | MembershipError:
    """A member other than the owner, or why not."""
    row = await MembershipRepository(session).of_user(user_id, organization_id) if user_id else None
    if row is None:
        return membership_error(
            MembershipErrorCode.NOT_A_MEMBER, "No such member of this organisation."
        )
    if row.role == Role.OWNER:
        return membership_error(
            MembershipErrorCode.OWNER_IS_FIXED, "The owner's membership is fixed."
        )
    return row


async def add_member(
    session: AsyncSession, organization_id: uuid.UUID, email: str, role: AssignableRole
) -> Membership | MembershipError:
    user = await UserRepository(session).by_email(email)
    if user is None:
        return membership_error(MembershipErrorCode.USER_NOT_FOUND, "No user with that e-mail.")
    memberships = MembershipRepository(session)
    if await memberships.of_user(user.id, organization_id) is not None:
        return membership_error(MembershipErrorCode.ALREADY_MEMBER, "Already a member.")
    return await memberships.add(
        Membership(user_id=user.id, organization_id=organization_id, role=role.value)
    )


async def change_role(
    session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID | None,
    role: AssignableRole,
) -> Membership | MembershipError:
    row = await member(session, organization_id, user_id)
    if isinstance(row, MembershipError):
        return row
    if row.role != role.value:
        row.role = role.value
        await raise_membership_version(session, row, reason="role_changed")
    await session.flush()
    return row


async def remove_member(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID | None
) -> Membership | MembershipError:
    """Remove the member and end their sessions in this organisation."""
    row = await member(session, organization_id, user_id)
    if isinstance(row, MembershipError):
        return row
    await session.delete(row)
    await revoke_sessions(
        session, row.user_id, reason="member_removed", organization_id=organization_id
    )
    return row
