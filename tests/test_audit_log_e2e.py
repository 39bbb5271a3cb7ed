"""The audit log through the router: every mutation of every subgraph recorded once, secrets
redacted, outcomes typed; readable only by the organisation's admins, only their own."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devstack.factories.auth import PASSWORD as _E2E_PASSWORD
from devstack.stack import Stack
from devstack.testing import join_as, register_owner
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

CREATE_CLIENT = """mutation CreateClient($input: CreateClientInput!) {
  createClient(input: $input) { __typename ... on ClientError { code } } }"""
CHANGE_PASSWORD = """mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { __typename } }"""
AUDIT_LOG = """query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id occurredAt service userId requestId operationName mutation
      arguments outcome errorCode } }
    pageInfo { hasNextPage endCursor } } }"""
ME = "{ me { id } }"
NEW_PASSWORD = "another-long-passphrase-2026"


async def entries(http: httpx.AsyncClient, token: str, **filter: Any) -> list[dict[str, Any]]:
    body = await graphql(http, AUDIT_LOG, token, filter=filter, first=100)
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["auditLog"]["edges"]]


@pytest.fixture
async def http(running_stack: Stack) -> Any:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=60) as client:
        yield client


async def test_financial_and_auth_mutations_are_recorded_once_with_secrets_redacted(
    http: httpx.AsyncClient,
) -> None:
    owner = await register_owner(http, "audited")
    user_id = (await graphql(http, ME, owner))["data"]["me"]["id"]
    response = await http.post(
        "/graphql",
        json={
            "query": CREATE_CLIENT,
            "variables": {"input": {"name": "Acme", "defaultCurrency": "EUR", "taxId": "ATU1"}},
        },
        headers={"Authorization": f"Bearer {owner}"},
    )
    assert response.json()["data"]["createClient"]["__typename"] == "ClientPayload"
    changed = await graphql(http, CHANGE_PASSWORD, owner, current=_E2E_PASSWORD, new=NEW_PASSWORD)
    assert changed["data"]["changePassword"]["__typename"] == "PasswordChanged", changed

    (client,) = await entries(http, owner, operation="createClient")
    assert client["service"] == "financial-svc"
    assert client["userId"] == user_id
    assert client["operationName"] == "CreateClient"
    assert client["requestId"] == response.headers["x-request-id"]
    assert client["arguments"]["input"]["name"] == "Acme"
    assert client["arguments"]["input"]["taxId"] == "ATU1"
    assert (client["outcome"], client["errorCode"]) == ("OK", None)

    (password,) = await entries(http, owner, operation="changePassword")
    assert password["service"] == "auth-svc"
    assert password["arguments"] == {"currentPassword": "[REDACTED]", "newPassword": "[REDACTED]"}
    assert password["outcome"] == "OK"
    log = str(await entries(http, owner))
    assert _E2E_PASSWORD not in log
    assert NEW_PASSWORD not in log


async def test_rejected_and_forbidden_mutations_are_recorded_with_their_codes(
    http: httpx.AsyncClient,
) -> None:
    owner = await register_owner(http, "rejections")
    viewer = await join_as(http, owner, "VIEWER", "onlooker")
    bad = await graphql(http, CREATE_CLIENT, owner, input={"name": "X", "defaultCurrency": "EURO"})
    assert bad["data"]["createClient"]["__typename"] == "ClientError"
    forbidden = await graphql(
        http, CREATE_CLIENT, viewer, input={"name": "Y", "defaultCurrency": "EUR"}
    )
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    rejected = await entries(http, owner, outcome="REJECTED")
    assert [(e["mutation"], e["errorCode"]) for e in rejected] == [
        ("createClient", bad["data"]["createClient"]["code"])
    ]
    (failed,) = await entries(http, owner, outcome="FAILED", service="financial-svc")
    assert (failed["mutation"], failed["errorCode"]) == ("createClient", "FORBIDDEN")
    assert failed["arguments"]["input"]["name"] == "Y"


async def test_only_admins_read_the_log(http: httpx.AsyncClient) -> None:
    owner = await register_owner(http, "guarded")
    member = await join_as(http, owner, "MEMBER", "curious")
    body = await graphql(http, AUDIT_LOG, member)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await graphql(http, AUDIT_LOG)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    admin = await join_as(http, owner, "ADMIN", "auditor")
    assert [e["mutation"] for e in await entries(http, admin)] == ["addOrganizationMember"] * 2


async def test_another_organisations_entries_are_invisible(http: httpx.AsyncClient) -> None:
    first = await register_owner(http, "first")
    second = await register_owner(http, "second")
    await graphql(http, CREATE_CLIENT, first, input={"name": "Mine", "defaultCurrency": "EUR"})
    assert len(await entries(http, first)) == 1
    assert await entries(http, second) == []
    assert await entries(http, second, operation="createClient", service="financial-svc") == []


async def test_pages_newest_first_and_filters_by_time(http: httpx.AsyncClient) -> None:
    owner = await register_owner(http, "pager")
    for name in ("one", "two", "three"):
        await graphql(http, CREATE_CLIENT, owner, input={"name": name, "defaultCurrency": "EUR"})
    seen: list[str] = []
    after = None
    while True:
        body = await graphql(http, AUDIT_LOG, owner, first=2, after=after)
        page = body["data"]["auditLog"]
        seen += [edge["node"]["arguments"]["input"]["name"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["three", "two", "one"]
    (newest, middle, _oldest) = await entries(http, owner)
    window = await entries(http, owner, since=middle["occurredAt"], until=newest["occurredAt"])
    assert [e["id"] for e in window] == [middle["id"]]
    bad = await graphql(http, AUDIT_LOG, owner, after="not-a-cursor")
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_hostile_value_is_never_stored_whole(http: httpx.AsyncClient) -> None:
    owner = await register_owner(http, "hostile")
    huge = "x" * 90_000
    await graphql(http, CREATE_CLIENT, owner, input={"name": huge, "defaultCurrency": "EUR"})
    (entry,) = await entries(http, owner, operation="createClient")
    stored = entry["arguments"]["input"]["name"]
    assert len(stored) < 300
    assert stored.endswith("(90000 characters)")
