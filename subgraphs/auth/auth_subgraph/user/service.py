"""Registration: a user, their organisation and owner membership, and the event, atomically."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.base import outbox
from auth_subgraph.events import UserRegisteredV1
from auth_subgraph.organization.models import Membership, Organization
from auth_subgraph.organization.repository import MembershipRepository, OrganizationRepository
from auth_subgraph.organization.roles import Role
from auth_subgraph.user import passwords
from auth_subgraph.user.errors import RegistrationError, RegistrationErrorCode
from auth_subgraph.user.models import User
from auth_subgraph.user.repository import UserRepository, normalise_email
from service_runtime.events import emit

MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    display_name: str
    organization_name: str


def _invalid(
    code: RegistrationErrorCode, message: str, reasons: list[str] | None = None
) -> RegistrationError:
    return RegistrationError(code=code, message=message, reasons=reasons or [])


def validate_registration(data: Registration) -> RegistrationError | None:
    try:
        validate_email(data.email, check_deliverability=False)
    except EmailNotValidError as error:
        return _invalid(RegistrationErrorCode.INVALID_EMAIL, str(error))
    for label, value in (
        ("displayName", data.display_name),
        ("organizationName", data.organization_name),
    ):
        if not value.strip() or len(value) > MAX_NAME_LENGTH:
            return _invalid(
                RegistrationErrorCode.INVALID_INPUT,
                f"{label} must be 1 to {MAX_NAME_LENGTH} characters.",
            )
    verdict = passwords.judge_strength(data.password, [data.email, data.display_name])
    if not verdict.acceptable:
        return _invalid(
            RegistrationErrorCode.WEAK_PASSWORD, "Password is too weak.", verdict.reasons
        )
    return None


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await UserRepository(session).by_email(email)


async def demo_membership(session: AsyncSession, email: str) -> Membership | None:
    """The seeded demo user's first membership (development tokens), None before the seed."""
    user = await UserRepository(session).by_email(email)
    return await MembershipRepository(session).first_of_user(user.id) if user else None


async def register(session: AsyncSession, data: Registration) -> Membership | RegistrationError:
    """Create the user, an organisation they own, and emit auth.user.registered.v1."""
    # zxcvbn takes milliseconds per password: keep it off the event loop.
    invalid = await asyncio.to_thread(validate_registration, data)
    if invalid is not None:
        return invalid
    email = normalise_email(data.email)
    users = UserRepository(session)
    if await users.by_email(email) is not None:
        return _invalid(RegistrationErrorCode.EMAIL_TAKEN, "That e-mail is already registered.")
    password_hash = await passwords.hash_password(data.password)
    try:
        async with session.begin_nested():
            user = await users.add(
                User(
                    email=email, display_name=data.display_name.strip(), password_hash=password_hash
                )
            )
    except IntegrityError:
        # A concurrent registration won the race for this e-mail.
        return _invalid(RegistrationErrorCode.EMAIL_TAKEN, "That e-mail is already registered.")
    organization = await OrganizationRepository(session).add(
        Organization(name=data.organization_name.strip())
    )
    membership = await MembershipRepository(session).add(
        Membership(user_id=user.id, organization_id=organization.id, role=Role.OWNER.value)
    )
    payload = UserRegisteredV1(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        organization_id=organization.id,
    )
    await emit(session, outbox, payload, organization.id)
    return membership
