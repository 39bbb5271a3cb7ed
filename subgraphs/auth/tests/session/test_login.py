from __future__ import annotations

from typing import Any

from auth_subgraph.settings import AuthSettings

from ..conftest import LOGIN, STRONG_PASSWORD, GraphQL


async def test_login_returns_tokens_for_correct_password(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    body = await gql(LOGIN, email="ADA@example.com", password=STRONG_PASSWORD)
    payload = body["data"]["login"]
    assert payload["__typename"] == "AuthPayload"
    assert payload["user"]["id"] == registered["user"]["id"]


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    wrong = await gql(LOGIN, email="ada@example.com", password="not-the-password")
    unknown = await gql(LOGIN, email="nobody@example.com", password="not-the-password")
    assert wrong["data"]["login"] == unknown["data"]["login"]
    assert wrong["data"]["login"]["code"] == "INVALID_CREDENTIALS"


async def test_account_is_throttled_after_repeated_failures_even_with_right_password(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    for _ in range(auth_settings.login_max_failures_per_account):
        await gql(LOGIN, email="ada@example.com", password="wrong-password-1")
    body = await gql(LOGIN, email="ada@example.com", password=STRONG_PASSWORD)
    error = body["data"]["login"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert 0 < error["retryAfterSeconds"] <= auth_settings.login_window_seconds


async def test_unknown_email_is_throttled_like_a_known_one(
    gql: GraphQL, auth_settings: AuthSettings
) -> None:
    for _ in range(auth_settings.login_max_failures_per_account):
        await gql(LOGIN, email="ghost@example.com", password="wrong-password-1")
    body = await gql(LOGIN, email="ghost@example.com", password="wrong-password-1")
    assert body["data"]["login"]["code"] == "TOO_MANY_ATTEMPTS"


async def test_client_ip_is_throttled_across_accounts(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    for attempt in range(auth_settings.login_max_failures_per_ip):
        await gql(LOGIN, email=f"spray{attempt}@example.com", password="wrong-password-1")
    body = await gql(LOGIN, email="ada@example.com", password=STRONG_PASSWORD)
    assert body["data"]["login"]["code"] == "TOO_MANY_ATTEMPTS"


async def test_successful_login_resets_the_account_counter(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    for _ in range(auth_settings.login_max_failures_per_account - 1):
        await gql(LOGIN, email="ada@example.com", password="wrong-password-1")
    assert (await gql(LOGIN, email="ada@example.com", password=STRONG_PASSWORD))["data"]["login"][
        "__typename"
    ] == "AuthPayload"
    body = await gql(LOGIN, email="ada@example.com", password="wrong-password-1")
    assert body["data"]["login"]["code"] == "INVALID_CREDENTIALS"
