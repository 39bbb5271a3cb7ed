from __future__ import annotations

from typing import Annotated

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.session.throttle import LoginThrottle
from auth_subgraph.session.tokens import issue_tokens
from auth_subgraph.session.types import AuthPayload
from auth_subgraph.user import service
from auth_subgraph.user.errors import RegistrationError, RegistrationErrorCode
from service_runtime.work import in_transaction, work_of

RegisterResult = Annotated[AuthPayload | RegistrationError, strawberry.union("RegisterResult")]


@strawberry.input
class RegisterInput:
    email: str
    password: str
    display_name: str
    organization_name: str


@strawberry.type
class UserMutation:
    @strawberry.mutation(
        extensions=in_transaction(tenant=False),
        description="Create an account and the organisation it owns.",
    )
    async def register(self, info: Info, input: RegisterInput) -> RegisterResult:
        context = info.context
        throttle = LoginThrottle(context.redis, context.settings)
        if not await throttle.registration_allowed(context.client_ip):
            return RegistrationError(
                code=RegistrationErrorCode.TOO_MANY_ATTEMPTS,
                message="Too many registrations from this address; try again later.",
            )
        data = service.Registration(
            email=input.email,
            password=input.password,
            display_name=input.display_name,
            organization_name=input.organization_name,
        )
        session = work_of(info).session
        result = await service.register(session, data)
        if isinstance(result, RegistrationError):
            return result
        return AuthPayload.from_tokens(await issue_tokens(session, context.settings, result))
