"""Two organisations, each with a full set of financial data, made through the router: no
query, list, entity lookup or mutation of one ever reaches the other's rows, and the other's
attempts change nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devstack.factories.financial import (
    create_bank_account,
    create_client,
    create_issued_invoice,
    import_statement,
    line,
)
from devstack.stack import Stack
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

SETUP_CATEGORY = """mutation($input: CreateCategoryInput!) { createCategory(input: $input) {
  ... on CategoryPayload { category { id } } } }"""
SETUP_RECURRING = """mutation($input: CreateRecurringInvoiceInput!) {
  createRecurringInvoice(input: $input) { __typename
    ... on RecurringInvoicePayload { recurringInvoice { id } } } }"""

LISTS = """{
  clients(first: 100) { edges { node { id } } }
  invoices(first: 100) { edges { node { id } } }
  bankAccounts { id }
  bankTransactions(first: 100) { edges { node { id } } }
  categories { id }
  recurringInvoices(first: 100) { edges { node { id } } }
  receivablesAging(asOf: "2026-12-31") { totals { total } }
}"""
SINGLES = """query($client: ID!, $invoice: ID!, $account: ID!, $category: ID!, $recurring: ID!) {
  client(id: $client) { id }
  invoice(id: $invoice) { id }
  bankAccount(id: $account) { id }
  category(id: $category) { id }
  recurringInvoice(id: $recurring) { id }
}"""
ENTITIES = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Client { id } ... on Invoice { id } ... on Transaction { id } } }"""
FOREIGN_WRITES = """mutation($client: ID!, $invoice: ID!, $account: ID!, $transaction: ID!) {
  updateClient(id: $client, input: {name: "Hijacked"}) { __typename }
  issueInvoice(id: $invoice) { __typename }
  voidInvoice(id: $invoice, reason: "hijack") { __typename }
  recordPayment(input: {invoiceId: $invoice, amount: "1.00", paidOn: "2026-03-03"}) {
    __typename }
  importBankStatement(input: {accountId: $account, format: CSV,
    content: "Date,Amount\\n2026-03-03,5.00\\n", csvMapping: {dateColumn: "Date",
    amountColumn: "Amount"}}) { __typename }
  categorizeTransaction(id: $transaction, categoryId: null) { __typename }
}"""
FOREIGN_PDF = """query($invoice: ID!) { invoicePdf(id: $invoice) { __typename } }"""


async def _organisation(http: httpx.AsyncClient, name: str) -> dict[str, Any]:
    """An owner's token and one of everything, created through the router."""
    token = await register(http, name)

    async def run(document: str, **variables: Any) -> dict[str, Any]:
        body = await graphql(http, document, token, **variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    client = (await create_client(http, token, f"{name} client"))["id"]
    work = line("Work", unit_price="100")
    invoice = (await create_issued_invoice(http, token, client, "2026-03-02", lines=[work]))["id"]
    account = (await create_bank_account(http, token))["id"]
    content = f"Date,Amount,Text\n2026-03-01,-12.50,{name} coffee\n"
    mapping = {"dateColumn": "Date", "amountColumn": "Amount", "descriptionColumn": "Text"}
    imported = await import_statement(http, token, account, "CSV", content, csvMapping=mapping)
    (transaction,) = imported["transactionIds"]
    category = (await run(SETUP_CATEGORY, input={"name": "Food", "kind": "EXPENSE"}))[
        "createCategory"
    ]["category"]["id"]
    schedule = {
        "clientId": client,
        "lines": [work],
        "frequency": "MONTHLY",
        "startOn": "2027-01-01",
    }
    recurring = (await run(SETUP_RECURRING, input=schedule))["createRecurringInvoice"]
    assert recurring["__typename"] == "RecurringInvoicePayload", recurring
    return {
        "token": token,
        "client": client,
        "invoice": invoice,
        "account": account,
        "transaction": transaction,
        "category": category,
        "recurring": recurring["recurringInvoice"]["id"],
    }


def _ids(listed: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for value in listed.values():
        items = value["edges"] if isinstance(value, dict) and "edges" in value else value
        if isinstance(items, list):
            found |= {item["node"]["id"] if "node" in item else item["id"] for item in items}
    return found


async def test_no_query_list_entity_lookup_or_write_crosses_organisations(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=60) as http:
        a = await _organisation(http, "alpha")
        b = await _organisation(http, "beta")

        for own, other in ((a, b), (b, a)):
            listed = (await graphql(http, LISTS, own["token"]))["data"]
            own_ids = _ids(listed)
            assert {own[k] for k in ("client", "invoice", "account", "transaction")} <= own_ids
            assert not own_ids & {other[key] for key in other if key != "token"}
            assert listed["receivablesAging"]["totals"]["total"] == "100.00"

        singles = await graphql(
            http,
            SINGLES,
            b["token"],
            client=a["client"],
            invoice=a["invoice"],
            account=a["account"],
            category=a["category"],
            recurring=a["recurring"],
        )
        assert set(singles["data"].values()) == {None}

        representations = [
            {"__typename": "Client", "id": a["client"]},
            {"__typename": "Invoice", "id": a["invoice"]},
            {"__typename": "Transaction", "id": a["transaction"]},
        ]
        # Entity lookups are what the router sends the subgraph when another subgraph's
        # query reaches these types; the API schema has no _entities, so ask as the router does.
        async with httpx.AsyncClient(base_url=running_stack.url("financial"), timeout=30) as sub:
            entities = await graphql(sub, ENTITIES, b["token"], representations=representations)
            own_entities = await graphql(sub, ENTITIES, a["token"], representations=representations)
        assert entities["data"]["_entities"] == [None, None, None]
        assert [e["id"] for e in own_entities["data"]["_entities"]] == [
            a["client"],
            a["invoice"],
            a["transaction"],
        ]

        writes = await graphql(
            http,
            FOREIGN_WRITES,
            b["token"],
            client=a["client"],
            invoice=a["invoice"],
            account=a["account"],
            transaction=a["transaction"],
        )
        assert "errors" not in writes, writes
        assert all(result["__typename"].endswith("Error") for result in writes["data"].values())
        pdf = await graphql(http, FOREIGN_PDF, b["token"], invoice=a["invoice"])
        assert pdf["data"]["invoicePdf"]["__typename"] == "DocumentError"

        # And nothing of A changed.
        after = (await graphql(http, LISTS, a["token"]))["data"]
        assert _ids(after) >= {a[k] for k in ("client", "invoice", "account", "transaction")}
        client = await graphql(
            http, "query($id: ID!) { client(id: $id) { name } }", a["token"], id=a["client"]
        )
        assert client["data"]["client"]["name"] == "alpha client"
