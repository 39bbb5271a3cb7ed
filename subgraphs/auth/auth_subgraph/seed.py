"""Idempotent demo data: one organisation and its owner, for development and smoke tests."""

from __future__ import annotations

from auth_subgraph.settings import AuthSettings
from auth_subgraph.user import service
from auth_subgraph.user.errors import RegistrationError, RegistrationErrorCode
from auth_subgraph.user.repository import UserRepository
from service_runtime.database import Database


async def seed_demo(database: Database, settings: AuthSettings) -> bool:
    """Create the demo user and organisation unless present; True when created now."""
    async with database.write() as session:
        if await UserRepository(session).by_email(settings.demo_email) is not None:
            return False
        result = await service.register(
            session,
            service.Registration(
                email=settings.demo_email,
                password=settings.demo_password.get_secret_value(),
                display_name="Demo User",
                organization_name=settings.demo_organization,
            ),
        )
    if isinstance(result, RegistrationError):
        if result.code is RegistrationErrorCode.EMAIL_TAKEN:
            return False  # a concurrent seed won
        raise RuntimeError(f"demo seed rejected: {result.code.value} {result.reasons}")
    return True
