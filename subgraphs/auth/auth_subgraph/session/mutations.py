from __future__ import annotations

from typing import Annotated

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.revocation.service import revoke_sessions
from auth_subgraph.session import service
from auth_subgraph.session.errors import LoginError, LoginErrorCode, RefreshError
from auth_subgraph.session.throttle import LoginThrottle
from auth_subgraph.session.types import AuthPayload, LogoutEverywhereResult, LogoutResult
from auth_subgraph.user.service import user_by_email
from service_runtime.ids import parse_uuid
from service_runtime.permissions import authenticated
from service_runtime.work import in_transaction, work_of

LoginResult = Annotated[AuthPayload | LoginError, strawberry.union("LoginResult")]
RefreshResult = Annotated[AuthPayload | RefreshError, strawberry.union("RefreshResult")]


@strawberry.type
class SessionMutation:
    @strawberry.mutation(description="Exchange credentials for an access and a refresh token.")
    async def login(
        self,
        info: Info,
        email: str,
        password: str,
        organization_id: strawberry.ID | None = None,
    ) -> LoginResult:
        context = info.context
        organization = parse_uuid(organization_id) if organization_id is not None else None
        if organization_id is not None and organization is None:
            return LoginError(code=LoginErrorCode.NOT_A_MEMBER, message="Unknown organisation.")
        throttle = LoginThrottle(context.redis, context.settings)
        # Two short sessions rather than in_transaction: no connection is held while the
        # throttle and the password hash (~0.1 s of CPU) are checked.
        async with context.database.read() as session:
            user = await user_by_email(session, email)
        refused = await service.check_credentials(
            throttle, user, email=email, password=password, client_ip=context.client_ip
        )
        if refused is not None:
            return refused
        assert user is not None
        async with context.database.write() as session:
            result = await service.start_session(
                session,
                context.settings,
                user_id=user.id,
                password=password,
                organization_id=organization,
            )
        return result if isinstance(result, LoginError) else AuthPayload.from_tokens(result)

    @strawberry.mutation(
        extensions=in_transaction(tenant=False),
        description="Rotate a refresh token into a new token pair.",
    )
    async def refresh(self, info: Info, refresh_token: str) -> RefreshResult:
        result = await service.refresh(work_of(info).session, info.context.settings, refresh_token)
        return result if isinstance(result, RefreshError) else AuthPayload.from_tokens(result)

    @strawberry.mutation(
        extensions=in_transaction(tenant=False),
        description="End the session the refresh token belongs to; its access tokens stop "
        "working within seconds.",
    )
    async def logout(self, info: Info, refresh_token: str) -> LogoutResult:
        await service.logout(work_of(info).session, refresh_token)
        return LogoutResult(ok=True)

    @strawberry.mutation(
        extensions=in_transaction(authenticated(), tenant=False),
        description="End every session of the caller, in every organisation, this one "
        "included; their access tokens stop working within seconds.",
    )
    async def logout_everywhere(self, info: Info) -> LogoutEverywhereResult:
        principal = info.context.principal
        assert principal is not None  # guaranteed by @authenticated
        session = work_of(info).session
        ended = await revoke_sessions(session, principal.user_id, reason="logout_everywhere")
        return LogoutEverywhereResult(sessions_ended=len(ended))
