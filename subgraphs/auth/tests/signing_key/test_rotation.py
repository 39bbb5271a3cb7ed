from __future__ import annotations

from typing import Any

import httpx
import jwt

from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key.service import rotate_key
from service_runtime.database import Database

from ..conftest import LOGIN, STRONG_PASSWORD, GraphQL


async def rotate(settings: AuthSettings) -> str:
    database = Database(settings.database_url)
    try:
        async with database.write() as session:
            return (await rotate_key(session, settings)).kid
    finally:
        await database.dispose()


async def test_jwks_publishes_current_key_with_kid_and_algorithm(
    client: httpx.AsyncClient, registered: dict[str, Any]
) -> None:
    keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
    kid = jwt.get_unverified_header(registered["accessToken"])["kid"]
    assert [key["kid"] for key in keys] == [kid]
    assert (keys[0]["alg"], keys[0]["kty"]) == ("RS256", "RSA")
    assert "d" not in keys[0]  # never the private part


async def test_rotation_keeps_live_tokens_valid_and_signs_new_ones_with_new_key(
    client: httpx.AsyncClient, gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    old_kid = jwt.get_unverified_header(registered["accessToken"])["kid"]
    new_kid = await rotate(auth_settings)

    published = [key["kid"] for key in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert published == [new_kid, old_kid]
    old_token_still_works = await gql("{ me { id } }", bearer=registered["accessToken"])
    assert old_token_still_works["data"]["me"]["id"] == registered["user"]["id"]

    fresh = (await gql(LOGIN, email="ada@example.com", password=STRONG_PASSWORD))["data"]["login"]
    assert jwt.get_unverified_header(fresh["accessToken"])["kid"] == new_kid
    assert (await gql("{ me { id } }", bearer=fresh["accessToken"]))["_status"] == 200
