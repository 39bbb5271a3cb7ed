from __future__ import annotations

from sqlalchemy import Select, func, select

from auth_subgraph.base import outbox
from auth_subgraph.settings import AuthSettings
from auth_subgraph.user.models import User
from service_runtime.database import Database

from ..conftest import REGISTER, GraphQL, registration


async def count(database_url: str, query: Select[tuple[int]]) -> int:
    database = Database(database_url)
    try:
        async with database.read() as session:
            return int(await session.scalar(query) or 0)
    finally:
        await database.dispose()


async def test_register_creates_owner_of_new_organisation(gql: GraphQL) -> None:
    body = await gql(REGISTER, input=registration())
    payload = body["data"]["register"]
    assert payload["__typename"] == "AuthPayload"
    assert payload["role"] == "OWNER"
    assert "org:owner" in payload["scopes"]
    assert payload["user"]["email"] == "ada@example.com"
    assert payload["organization"]["name"] == "Analytical Engines Ltd"


async def test_register_emits_user_registered_event_in_same_transaction(
    gql: GraphQL, auth_settings: AuthSettings
) -> None:
    await gql(REGISTER, input=registration())
    events = await count(
        auth_settings.database_url,
        select(func.count()).select_from(outbox).where(outbox.c.type == "auth.user.registered.v1"),
    )
    assert events == 1


async def test_duplicate_email_is_rejected_case_insensitively(
    gql: GraphQL, auth_settings: AuthSettings
) -> None:
    await gql(REGISTER, input=registration())
    body = await gql(REGISTER, input=registration(email="ADA@Example.com"))
    assert body["data"]["register"]["code"] == "EMAIL_TAKEN"
    users = await count(auth_settings.database_url, select(func.count()).select_from(User))
    assert users == 1


async def test_weak_password_is_rejected_with_reasons_and_writes_nothing(
    gql: GraphQL, auth_settings: AuthSettings
) -> None:
    body = await gql(REGISTER, input=registration(password="password123"))
    error = body["data"]["register"]
    assert error["code"] == "WEAK_PASSWORD"
    assert error["reasons"]
    users = await count(auth_settings.database_url, select(func.count()).select_from(User))
    events = await count(auth_settings.database_url, select(func.count()).select_from(outbox))
    assert (users, events) == (0, 0)


async def test_short_password_names_the_minimum_length(gql: GraphQL) -> None:
    body = await gql(REGISTER, input=registration(password="Xy7!"))
    assert body["data"]["register"]["code"] == "WEAK_PASSWORD"
    assert "10 characters" in body["data"]["register"]["reasons"][0]


async def test_invalid_email_is_rejected(gql: GraphQL) -> None:
    body = await gql(REGISTER, input=registration(email="not-an-email"))
    assert body["data"]["register"]["code"] == "INVALID_EMAIL"


async def test_blank_organisation_name_is_rejected(gql: GraphQL) -> None:
    body = await gql(REGISTER, input=registration(organizationName="   "))
    assert body["data"]["register"]["code"] == "INVALID_INPUT"


async def test_long_passphrase_is_judged_not_crashed(gql: GraphQL) -> None:
    passphrase = "a long and memorable passphrase about quiet harbours at dawn " * 3
    body = await gql(REGISTER, input=registration(password=passphrase))
    assert body["data"]["register"]["__typename"] == "AuthPayload"


async def test_password_over_the_maximum_length_is_rejected(gql: GraphQL) -> None:
    body = await gql(REGISTER, input=registration(password="x7!" * 100))
    assert body["data"]["register"]["code"] == "WEAK_PASSWORD"
    assert "at most" in body["data"]["register"]["reasons"][0]
