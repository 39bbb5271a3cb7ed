"""Financial subgraph: clients created and listed through the router."""

from __future__ import annotations

import uuid

from devstack.smoke.runner import SmokeRun, check, expect

PASSWORD = "smoke-test-passphrase-9472"


async def _owner_token(run: SmokeRun) -> str:
    """A token of a fresh organisation's owner (so reruns never see earlier runs' clients)."""
    query = """mutation($input: RegisterInput!) { register(input: $input) {
        __typename ... on AuthPayload { accessToken } ... on RegistrationError { code } } }"""
    body = await run.graphql(
        query,
        input={
            "email": f"smoke-fin-{uuid.uuid4().hex[:12]}@example.com",
            "password": PASSWORD,
            "displayName": "Smoke Finance",
            "organizationName": "Smoke Finance Ltd",
        },
    )
    payload = body["data"]["register"]
    expect(payload["__typename"] == "AuthPayload", str(payload))
    token: str = payload["accessToken"]
    return token


@check("data creation: create a client through the router")
async def create_client(run: SmokeRun) -> None:
    token = run.state["financial_token"] = await _owner_token(run)
    create = """mutation($input: CreateClientInput!) { createClient(input: $input) {
        __typename ... on ClientPayload { client { id name defaultCurrency } }
        ... on ClientError { code message } } }"""
    body = await run.graphql(
        create, token=token, input={"name": "Smoke Client", "defaultCurrency": "eur"}
    )
    result = body["data"]["createClient"]
    expect(result["__typename"] == "ClientPayload", str(body))
    expect(result["client"]["defaultCurrency"] == "EUR", str(result))
    listed = await run.graphql("{ clients { edges { node { id } } } }", token=token)
    ids = [edge["node"]["id"] for edge in listed["data"]["clients"]["edges"]]
    expect(ids == [result["client"]["id"]], str(listed))


@check("bad input: an unknown currency is a typed error")
async def unknown_currency(run: SmokeRun) -> None:
    token = run.state.get("financial_token") or await _owner_token(run)
    create = """mutation($input: CreateClientInput!) { createClient(input: $input) {
        __typename ... on ClientError { code field } } }"""
    body = await run.graphql(create, token=token, input={"name": "X", "defaultCurrency": "XYZ"})
    result = body["data"]["createClient"]
    expect(
        result
        == {"__typename": "ClientError", "code": "INVALID_CURRENCY", "field": "defaultCurrency"},
        str(body),
    )
