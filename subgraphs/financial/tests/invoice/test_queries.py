"""The invoice list and lookups: filters, keyset pages, a fixed statement count, entities,
and tenant isolation (down to row-level security)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event

from devstack.database import _asyncpg_dsn
from devstack.stack import Stack
from financial_subgraph.settings import FinancialSettings

from ..conftest import GraphQL, TokenFactory, settings_from
from .conftest import ENTITIES, GET_INVOICE, LIST_INVOICES, Invoices, line, vat


@pytest.fixture
def financial_settings(stack: Stack) -> FinancialSettings:
    """No outbox relay: the statement counts below must not include the live relay's reads of
    the events this module's set-up emits (it consumes them in the background)."""
    return settings_from(stack, run_migrations_on_start=False, events_relay_enabled=False)


PAGE = """query($first: Int!) { invoices(first: $first) { edges { node {
  id number total client { id name contacts { name } }
  lines { description taxes { name amount } } payments { amount } } } } }"""


def ids(body: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in body["data"]["invoices"]["edges"]]


async def test_filters_by_status_kind_and_client(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    ada, bob = (await invoices.client(name="Ada"))["id"], (await invoices.client(name="Bob"))["id"]
    draft = await invoices.draft(ada)
    issued = await invoices.issued(bob)
    quote = await invoices.draft(ada, kind="quote")
    assert ids(await gql(LIST_INVOICES, bearer=member)) == [quote["id"], issued["id"], draft["id"]]
    assert ids(await gql(LIST_INVOICES, bearer=member, status=["ISSUED"])) == [issued["id"]]
    assert ids(await gql(LIST_INVOICES, bearer=member, status=["DRAFT"], kind="INVOICE")) == [
        draft["id"]
    ]
    assert ids(await gql(LIST_INVOICES, bearer=member, clientId=ada)) == [quote["id"], draft["id"]]
    assert ids(await gql(LIST_INVOICES, bearer=member, clientId="nope")) == []


async def test_pages_follow_each_other_without_gaps_or_repeats(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    client = (await invoices.client())["id"]
    created = [(await invoices.draft(client))["id"] for _ in range(5)]
    seen: list[str] = []
    after = None
    while True:
        body = await gql(LIST_INVOICES, bearer=member, first=2, after=after)
        seen += ids(body)
        info = body["data"]["invoices"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == list(reversed(created))
    for variables in ({"first": 0}, {"first": 1000}, {"after": "bogus"}):
        body = await gql(LIST_INVOICES, bearer=member, **variables)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def request_statements(statements: list[str]) -> list[str]:
    """The request's own statements: not the tenant setting, not the relay's polling."""
    return [s for s in statements if "set_config" not in s and "outbox_events" not in s]


async def count_statements(
    app: Any, gql: GraphQL, bearer: str, document: str, **variables: Any
) -> tuple[int, dict[str, Any]]:
    engine = app.state.runtime.database.engine.sync_engine
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        body = await gql(document, bearer=bearer, **variables)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(request_statements(statements)), body


async def test_a_page_with_clients_lines_and_payments_costs_a_fixed_number_of_statements(
    gql: GraphQL, member: str, invoices: Invoices, financial_app: Any
) -> None:
    for index in range(6):
        client = (await invoices.client(name=f"C{index}", contacts=[{"name": "A"}]))["id"]
        issued = await invoices.issued(client, lines=[line(taxes=[vat()]), line("Extra", "2", "5")])
        await invoices.pay(issued["id"], "10.00")
    counts = []
    for first in (1, 6):
        count, body = await count_statements(financial_app, gql, member, PAGE, first=first)
        assert len(body["data"]["invoices"]["edges"]) == first
        counts.append(count)
    # invoices, clients, contacts, lines, line taxes, payments: whatever the page size.
    assert counts == [6, 6]
    node = body["data"]["invoices"]["edges"][0]["node"]
    assert [x["description"] for x in node["lines"]] == ["Consulting", "Extra"]
    assert node["payments"] == [{"amount": "10.00"}]
    assert node["client"]["contacts"] == [{"name": "A"}]


async def test_entity_lookups_resolve_in_the_callers_organisation_only(
    gql: GraphQL,
    token_for: TokenFactory,
    org_a: uuid.UUID,
    org_b: uuid.UUID,
    invoices: Invoices,
    financial_app: Any,
) -> None:
    ours = await invoices.issued()
    bob = token_for(org_b, "admin")
    theirs = (await Invoices(gql, bob, bob).draft())["id"]
    representations = [
        {"__typename": "Invoice", "id": ours["id"]},
        {"__typename": "Invoice", "id": theirs},
        {"__typename": "Invoice", "id": "not-a-uuid"},
    ]
    alice = token_for(org_a, "viewer")
    count, body = await count_statements(
        financial_app, gql, alice, ENTITIES, representations=representations
    )
    assert body["data"]["_entities"] == [
        {"id": ours["id"], "number": ours["number"], "total": "100.00"},
        None,
        None,
    ]
    assert count == 1  # one batched query
    assert (await gql(GET_INVOICE, bearer=alice, id=theirs))["data"]["invoice"] is None
    assert ids(await gql(LIST_INVOICES, bearer=alice)) == [ours["id"]]
    assert ids(await gql(LIST_INVOICES, bearer=bob)) == [theirs]
    anonymous = await gql(ENTITIES, representations=representations[:1])
    assert anonymous["data"]["_entities"] == [None]


async def test_row_level_security_hides_invoice_rows_of_other_organisations(
    invoices: Invoices, org_a: uuid.UUID, financial_settings: FinancialSettings
) -> None:
    issued = await invoices.issued(lines=[line(taxes=[vat()])])
    await invoices.pay(issued["id"], "1.00")
    dsn, extra = _asyncpg_dsn(financial_settings.database_url)
    connection = await asyncpg.connect(dsn, **extra)
    tables = (
        "invoices",
        "invoice_lines",
        "invoice_line_taxes",
        "invoice_payments",
        "invoice_number_counters",
    )
    try:
        for table in tables:
            assert await connection.fetchval(f"SELECT count(*) FROM financial.{table}") == 0, table
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(uuid.uuid4())
            )
            assert await connection.fetchval("SELECT count(*) FROM financial.invoices") == 0
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(org_a)
            )
            for table in tables:
                assert await connection.fetchval(f"SELECT count(*) FROM financial.{table}") == 1, (
                    table
                )
    finally:
        await connection.close()
