"""The seed's development token, as a mutation that exists only in development.

The schema built outside development has no `devToken` field at all (see schema.py).
"""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.session.tokens import issue_tokens
from auth_subgraph.session.types import AuthPayload
from auth_subgraph.user.service import demo_membership
from service_runtime.rejection import DomainError
from service_runtime.work import in_transaction, work_of


@strawberry.enum
class DevTokenErrorCode(enum.Enum):
    DEMO_USER_MISSING = "DEMO_USER_MISSING"


@strawberry.type
class DevTokenError(DomainError):
    code: DevTokenErrorCode
    message: str


DevTokenResult = Annotated[AuthPayload | DevTokenError, strawberry.union("DevTokenResult")]


@strawberry.type
class DevTokenMutation:
    @strawberry.mutation(
        extensions=in_transaction(tenant=False),
        description="Development only: tokens for the seeded demo user.",
    )
    async def dev_token(self, info: Info) -> DevTokenResult:
        settings = info.context.settings
        session = work_of(info).session
        membership = await demo_membership(session, settings.demo_email)
        if membership is None:
            return DevTokenError(
                code=DevTokenErrorCode.DEMO_USER_MISSING,
                message="No demo user; run the seed (the run command does).",
            )
        return AuthPayload.from_tokens(await issue_tokens(session, settings, membership))
