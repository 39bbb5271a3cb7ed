"""Invoices: drafted, issued, paid and listed through the router; bad input is typed."""

from __future__ import annotations

import uuid

from devstack.smoke.runner import SmokeRun, check, expect

PASSWORD = "smoke-test-passphrase-5183"

REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
    __typename ... on AuthPayload { accessToken } ... on RegistrationError { code } } }"""
CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
    ... on ClientPayload { client { id } } } }"""
CREATE_INVOICE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
    __typename ... on InvoicePayload { invoice { id total } }
    ... on InvoiceError { code field } } }"""
ISSUE = """mutation($id: ID!) { issueInvoice(id: $id) {
    __typename ... on InvoicePayload { invoice { number status } }
    ... on InvoiceError { code } } }"""
PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
    __typename ... on PaymentPayload { invoice { status balanceDue } } } }"""


async def _owner_with_client(run: SmokeRun) -> tuple[str, str]:
    """A fresh organisation's owner token (an admin) and one client of theirs."""
    body = await run.graphql(
        REGISTER,
        input={
            "email": f"smoke-inv-{uuid.uuid4().hex[:12]}@example.com",
            "password": PASSWORD,
            "displayName": "Smoke Invoices",
            "organizationName": "Smoke Invoices Ltd",
        },
    )
    payload = body["data"]["register"]
    expect(payload["__typename"] == "AuthPayload", str(payload))
    token: str = payload["accessToken"]
    created = await run.graphql(
        CREATE_CLIENT, token=token, input={"name": "Smoke Buyer", "defaultCurrency": "EUR"}
    )
    client_id: str = created["data"]["createClient"]["client"]["id"]
    return token, client_id


@check("invoices: draft, issue, pay in full and list through the router")
async def invoice_lifecycle(run: SmokeRun) -> None:
    token, client_id = await _owner_with_client(run)
    run.state["invoice_owner"] = (token, client_id)
    line = {
        "description": "Smoke service",
        "quantity": "2",
        "unitPrice": "50",
        "taxes": [{"name": "VAT", "rate": "19"}],
    }
    body = await run.graphql(
        CREATE_INVOICE, token=token, input={"clientId": client_id, "lines": [line]}
    )
    draft = body["data"]["createInvoice"]
    expect(draft["__typename"] == "InvoicePayload", str(body))
    expect(draft["invoice"]["total"] == "119.00", str(draft))
    invoice_id = draft["invoice"]["id"]
    issued = (await run.graphql(ISSUE, token=token, id=invoice_id))["data"]["issueInvoice"]
    expect(issued["__typename"] == "InvoicePayload", str(issued))
    expect(issued["invoice"]["number"].endswith("-0001"), str(issued))
    payment = {"invoiceId": invoice_id, "amount": "119.00", "paidOn": "2026-01-15"}
    paid = (await run.graphql(PAY, token=token, input=payment))["data"]["recordPayment"]
    expect(paid["invoice"] == {"status": "PAID", "balanceDue": "0.00"}, str(paid))
    listed = await run.graphql("{ invoices { edges { node { id status } } } }", token=token)
    nodes = [edge["node"] for edge in listed["data"]["invoices"]["edges"]]
    expect(nodes == [{"id": invoice_id, "status": "PAID"}], str(listed))


@check("invoices: bad input (unknown currency, no lines) is a typed error")
async def invoice_bad_input(run: SmokeRun) -> None:
    token, client_id = run.state.get("invoice_owner") or await _owner_with_client(run)
    body = await run.graphql(
        CREATE_INVOICE, token=token, input={"clientId": client_id, "currency": "XYZ"}
    )
    expect(
        body["data"]["createInvoice"]
        == {"__typename": "InvoiceError", "code": "UNKNOWN_CURRENCY", "field": "currency"},
        str(body),
    )
    empty = await run.graphql(CREATE_INVOICE, token=token, input={"clientId": client_id})
    invoice_id = empty["data"]["createInvoice"]["invoice"]["id"]
    issued = (await run.graphql(ISSUE, token=token, id=invoice_id))["data"]["issueInvoice"]
    expect(issued == {"__typename": "InvoiceError", "code": "NO_LINES"}, str(issued))
