"""Financial subgraph end to end: real processes, through the router, tokens from auth."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis

from devstack.factories.financial import create_client
from devstack.stack import Stack
from devstack.testing import join_as
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

CREATE = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  __typename
  ... on ClientPayload { client { id name defaultCurrency contacts { name isPrimary } } }
  ... on ClientError { code field } } }"""

LIST = """query($search: String) { clients(search: $search, first: 10) {
  edges { node { id name } } pageInfo { hasNextPage } } }"""

ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Client { id name } } }"""


async def test_clients_are_created_and_listed_through_the_router(running_stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=15) as http:
        token = await register(http, "ada")
        created = await graphql(
            http,
            CREATE,
            token,
            input={
                "name": "Analytical Engines",
                "defaultCurrency": "gbp",
                "contacts": [{"name": "Charles", "isPrimary": True}],
            },
        )
        client = created["data"]["createClient"]["client"]
        assert client["defaultCurrency"] == "GBP"
        assert client["contacts"] == [{"name": "Charles", "isPrimary": True}]
        listed = await graphql(http, LIST, token, search="engines")
        assert listed["data"]["clients"]["edges"] == [
            {"node": {"id": client["id"], "name": "Analytical Engines"}}
        ]
        bad = await graphql(http, CREATE, token, input={"name": "X", "defaultCurrency": "ABC"})
        assert bad["data"]["createClient"] == {
            "__typename": "ClientError",
            "code": "INVALID_CURRENCY",
            "field": "defaultCurrency",
        }


async def test_no_query_list_or_entity_lookup_crosses_organisations(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=15) as http:
        alice, bob = await register(http, "alice"), await register(http, "bob")
        our_id = (await create_client(http, alice, "Ours"))["id"]
        their_id = (await create_client(http, bob, "Theirs"))["id"]

        listed = await graphql(http, LIST, alice)
        assert [edge["node"]["id"] for edge in listed["data"]["clients"]["edges"]] == [our_id]
        by_id = await graphql(
            http, "query($id: ID!) { client(id: $id) { id } }", alice, id=their_id
        )
        assert by_id["data"]["client"] is None

    # No other subgraph extends Client yet, so the router never plans an entity fetch for it
    # (and does not expose _entities). The fetch it would plan goes to the subgraph as below,
    # with the caller's token: alice's resolves her client and nothing of bob's.
    representations = [
        {"__typename": "Client", "id": our_id},
        {"__typename": "Client", "id": their_id},
    ]
    async with httpx.AsyncClient(base_url=running_stack.url("financial"), timeout=15) as http:
        body = await graphql(http, ENTITIES, alice, representations=representations)
    assert body["data"]["_entities"] == [{"id": our_id, "name": "Ours"}, None]


async def test_client_created_event_reaches_the_financial_stream(running_stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=15) as http:
        token = await register(http, "events")
        client_id = (await create_client(http, token, "Evt", defaultCurrency="USD"))["id"]
    connection = redis.from_url(running_stack.redis_url)
    try:
        async with asyncio.timeout(15):
            while True:
                entries = await connection.xrange("events:financial")
                envelopes = [json.loads(fields[b"envelope"]) for _id, fields in entries]
                found = [e for e in envelopes if e["type"] == "financial.client.created.v1"]
                if found:
                    break
                await asyncio.sleep(0.2)
    finally:
        await connection.aclose()
    assert found[0]["payload"]["client_id"] == client_id


ECB_SAMPLE = (
    Path(__file__).parents[1] / "subgraphs/financial/tests/currency/data/eurofxref-sample.csv"
)

IMPORT_RATES = """mutation($csv: String!) { importEcbRates(csv: $csv) {
  __typename ... on RateImportPayload { days } ... on RateImportError { code line } } }"""

EXCHANGE_RATE = """query($date: Date!) { exchangeRate(base: "USD", quote: "EUR", date: $date) {
  __typename ... on ExchangeRate { base quote rate date source } } }"""


# Exchange rates: an owner (from register) imports the real ECB sample, then reads a rate.
async def test_an_owner_imports_ecb_rates_and_reads_a_rate(running_stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=15) as http:
        token = await register(http, "grace")
        imported = await graphql(http, IMPORT_RATES, token, csv=ECB_SAMPLE.read_text())
        assert imported["data"]["importEcbRates"] == {"__typename": "RateImportPayload", "days": 10}
        # A Sunday reads Friday's rate; USD -> EUR is the inverse of the published EUR -> USD.
        body = await graphql(http, EXCHANGE_RATE, token, date="2026-10-25")
        assert body["data"]["exchangeRate"] == {
            "__typename": "ExchangeRate",
            "base": "USD",
            "quote": "EUR",
            "rate": "0.8934155276",
            "date": "2026-10-23",
            "source": "ECB",
        }


SETTINGS = """query { currentOrganization { name financialSettings { baseCurrency } } }"""
SET_BASE = """mutation($code: String!) { updateFinancialSettings(baseCurrency: $code) {
  __typename } }"""


async def test_roles_reach_the_financial_subgraph_through_the_router(
    running_stack: Stack,
) -> None:
    """A viewer reads, a member writes but cannot change settings, an admin can; and one
    query spans auth (the organisation's name) and financial (its settings)."""
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=15) as http:
        owner = await register(http, "olga")
        viewer = await join_as(http, owner, "VIEWER", "vic")
        member = await join_as(http, owner, "MEMBER", "mia")

        read = await graphql(http, SETTINGS, viewer)
        assert read["data"]["currentOrganization"] == {
            "name": read["data"]["currentOrganization"]["name"],
            "financialSettings": {"baseCurrency": "EUR"},
        }
        assert read["data"]["currentOrganization"]["name"].startswith("olga")
        refused = await graphql(http, CREATE, viewer, input={"name": "X", "defaultCurrency": "EUR"})
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        created = await graphql(http, CREATE, member, input={"name": "Y", "defaultCurrency": "EUR"})
        assert created["data"]["createClient"]["__typename"] == "ClientPayload"

        denied = await graphql(http, SET_BASE, member, code="USD")
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        allowed = await graphql(http, SET_BASE, owner, code="USD")
        assert (
            allowed["data"]["updateFinancialSettings"]["__typename"] == "FinancialSettingsPayload"
        )
        after = await graphql(http, SETTINGS, viewer)
        assert after["data"]["currentOrganization"]["financialSettings"]["baseCurrency"] == "USD"
