from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from auth_subgraph.session.models import RefreshToken
from auth_subgraph.settings import AuthSettings
from service_runtime.database import Database

from ..conftest import REFRESH, GraphQL

LOGOUT = "mutation($t: String!) { logout(refreshToken: $t) { ok } }"


async def test_refresh_rotates_the_token(gql: GraphQL, registered: dict[str, Any]) -> None:
    body = await gql(REFRESH, token=registered["refreshToken"])
    payload = body["data"]["refresh"]
    assert payload["__typename"] == "AuthPayload"
    assert payload["refreshToken"] != registered["refreshToken"]
    again = await gql(REFRESH, token=payload["refreshToken"])
    assert again["data"]["refresh"]["__typename"] == "AuthPayload"


async def test_reusing_a_spent_token_revokes_the_whole_family(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    rotated = (await gql(REFRESH, token=registered["refreshToken"]))["data"]["refresh"]
    reuse = await gql(REFRESH, token=registered["refreshToken"])
    assert reuse["data"]["refresh"]["code"] == "REFRESH_TOKEN_REUSED"
    # The legitimate holder's newer token died with the family.
    after = await gql(REFRESH, token=rotated["refreshToken"])
    assert after["data"]["refresh"]["code"] == "INVALID_REFRESH_TOKEN"


async def test_unknown_refresh_token_is_rejected(gql: GraphQL) -> None:
    body = await gql(REFRESH, token="made-up-token")
    assert body["data"]["refresh"]["code"] == "INVALID_REFRESH_TOKEN"


async def test_expired_refresh_token_is_rejected(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    database = Database(auth_settings.database_url)
    async with database.write() as session:
        past = datetime.now(UTC) - timedelta(seconds=1)
        await session.execute(update(RefreshToken).values(expires_at=past))
    await database.dispose()
    body = await gql(REFRESH, token=registered["refreshToken"])
    assert body["data"]["refresh"]["code"] == "REFRESH_TOKEN_EXPIRED"


async def test_logout_revokes_the_session(gql: GraphQL, registered: dict[str, Any]) -> None:
    assert (await gql(LOGOUT, t=registered["refreshToken"]))["data"]["logout"]["ok"] is True
    body = await gql(REFRESH, token=registered["refreshToken"])
    assert body["data"]["refresh"]["code"] == "INVALID_REFRESH_TOKEN"
