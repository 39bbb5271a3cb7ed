from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from auth_subgraph.schema import build_schema
from auth_subgraph.settings import AuthSettings
from auth_subgraph.user.models import User
from service_runtime.database import Database

from .conftest import GraphQL


def test_dev_token_exists_only_in_development() -> None:
    assert "devToken" in build_schema(development=True).as_str()
    assert "devToken" not in build_schema(development=False).as_str()


def test_permissions_are_declared_in_the_sdl() -> None:
    sdl = build_schema(development=True).as_str()
    assert "me: User! @authenticated" in sdl
    assert "currentOrganization: Organization @authenticated" in sdl


async def test_dev_token_without_demo_user_is_a_typed_error(gql: GraphQL) -> None:
    body = await gql("mutation { devToken { ... on DevTokenError { code } } }")
    assert body["data"]["devToken"] == {"code": "DEMO_USER_MISSING"}


async def test_token_of_a_deleted_account_is_unauthenticated(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    database = Database(auth_settings.database_url)
    async with database.write() as session:
        await session.execute(delete(User))
    await database.dispose()
    body = await gql("{ me { id } }", bearer=registered["accessToken"])
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
