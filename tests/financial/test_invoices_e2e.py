"""Invoices end to end: real processes, through the router, tokens from auth."""

from __future__ import annotations

import httpx
import pytest

from devstack.factories.financial import create_client, create_invoice, line
from devstack.stack import Stack
from devstack.testing import join_as
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

ISSUE = """mutation($id: ID!, $on: Date) { issueInvoice(id: $id, issueDate: $on) {
  __typename ... on InvoicePayload { invoice { status number dueDate } }
  ... on InvoiceError { code message } } }"""
PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  __typename ... on PaymentPayload { invoice { status balanceDue } }
  ... on InvoiceError { code message } } }"""
GET = """query($id: ID!) { invoice(id: $id) { id number status total balanceDue
  client { name } lines { description taxes { name amount } } payments { amount paidOn } } }"""
LIST = """{ invoices(first: 100) { edges { node { id number status client { name } } } } }"""
ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Invoice { id number } } }"""


async def draft(http: httpx.AsyncClient, token: str, client_name: str) -> str:
    client = await create_client(http, token, client_name)
    consulting = line(quantity="2", unit_price="150", taxes=[{"name": "VAT", "rate": "19"}])
    invoice = await create_invoice(http, token, client["id"], lines=[consulting])
    assert (invoice["status"], invoice["total"]) == ("DRAFT", "357.00")
    return str(invoice["id"])


async def test_an_invoice_is_drafted_issued_and_paid_through_the_router(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        owner = await register(http, "ivy")
        member = await join_as(http, owner, "MEMBER", "mo")
        invoice_id = await draft(http, member, "Babbage & Co")
        # Members draft; issuing is for admins (the registered owner is one).
        refused = await graphql(http, ISSUE, member, id=invoice_id, on="2026-03-02")
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        issued = await graphql(http, ISSUE, owner, id=invoice_id, on="2026-03-02")
        assert issued["data"]["issueInvoice"]["invoice"] == {
            "status": "ISSUED",
            "number": "INV-2026-0001",
            "dueDate": "2026-04-01",
        }
        payment = {"invoiceId": invoice_id, "amount": "357.00", "paidOn": "2026-03-10"}
        paid = await graphql(http, PAY, member, input=payment)
        assert paid["data"]["recordPayment"]["invoice"] == {"status": "PAID", "balanceDue": "0.00"}
        fetched = (await graphql(http, GET, owner, id=invoice_id))["data"]["invoice"]
        assert fetched["client"] == {"name": "Babbage & Co"}
        assert fetched["lines"] == [
            {"description": "Consulting", "taxes": [{"name": "VAT", "amount": "57.00"}]}
        ]
        assert fetched["payments"] == [{"amount": "357.00", "paidOn": "2026-03-10"}]
        listed = await graphql(http, LIST, owner)
        assert [edge["node"] for edge in listed["data"]["invoices"]["edges"]] == [
            {
                "id": invoice_id,
                "number": "INV-2026-0001",
                "status": "PAID",
                "client": {"name": "Babbage & Co"},
            }
        ]


async def test_no_invoice_query_list_or_entity_lookup_crosses_organisations(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        alice, bob = await register(http, "alice"), await register(http, "bob")
        ours, theirs = await draft(http, alice, "Ours"), await draft(http, bob, "Theirs")
        for token, invoice_id in ((alice, ours), (bob, theirs)):
            issued = await graphql(http, ISSUE, token, id=invoice_id)
            # Each organisation numbers its own invoices.
            assert issued["data"]["issueInvoice"]["invoice"]["number"].endswith("-0001")
        listed = await graphql(http, LIST, alice)
        assert [edge["node"]["id"] for edge in listed["data"]["invoices"]["edges"]] == [ours]
        assert (await graphql(http, GET, alice, id=theirs))["data"]["invoice"] is None
        paid = await graphql(
            http, PAY, alice, input={"invoiceId": theirs, "amount": "1", "paidOn": "2026-03-10"}
        )
        assert paid["data"]["recordPayment"]["code"] == "INVOICE_NOT_FOUND"
        assert (await graphql(http, GET, bob, id=theirs))["data"]["invoice"]["id"] == theirs

    # No other subgraph extends Invoice yet, so the router plans no entity fetch for it; the
    # fetch it would plan goes to the subgraph like this, with the caller's token.
    representations = [
        {"__typename": "Invoice", "id": ours},
        {"__typename": "Invoice", "id": theirs},
    ]
    async with httpx.AsyncClient(base_url=running_stack.url("financial"), timeout=15) as http:
        body = await graphql(http, ENTITIES, alice, representations=representations)
    assert [entity and entity["id"] for entity in body["data"]["_entities"]] == [ours, None]
