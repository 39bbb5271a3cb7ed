from __future__ import annotations

from datetime import datetime

import strawberry

from auth_subgraph.context import Info
from auth_subgraph.organization.loaders import OrganizationByIdLoader
from auth_subgraph.organization.types import OrganizationType, RoleType
from auth_subgraph.session.tokens import IssuedTokens
from auth_subgraph.user.loaders import UserByIdLoader
from auth_subgraph.user.types import User


@strawberry.type
class AuthPayload:
    access_token: str
    token_type: str
    expires_at: datetime
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")
    refresh_token: str
    refresh_expires_at: datetime
    role: RoleType  # type: ignore[valid-type]
    scopes: list[str]
    tokens: strawberry.Private[IssuedTokens]

    @classmethod
    def from_tokens(cls, tokens: IssuedTokens) -> AuthPayload:
        return cls(
            access_token=tokens.access_token,
            token_type="Bearer",
            expires_at=tokens.access_expires_at,
            expires_in=max(
                int(
                    (
                        tokens.access_expires_at - datetime.now(tokens.access_expires_at.tzinfo)
                    ).total_seconds()
                ),
                0,
            ),
            refresh_token=tokens.refresh_token,
            refresh_expires_at=tokens.refresh_expires_at,
            role=tokens.role,
            scopes=list(tokens.scopes),
            tokens=tokens,
        )

    @strawberry.field
    async def user(self, info: Info) -> User:
        row = await UserByIdLoader.of(info).load(self.tokens.user_id)
        assert row is not None
        return User.from_row(row)

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        row = await OrganizationByIdLoader.of(info).load(self.tokens.organization_id)
        assert row is not None
        return OrganizationType.from_row(row)


@strawberry.type
class LogoutResult:
    ok: bool


@strawberry.type
class LogoutEverywhereResult:
    sessions_ended: int
