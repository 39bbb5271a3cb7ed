"""GoCardless end to end: the real financial process talks to the fake GoCardless API with
the official SDK; clients and the fake's signed webhooks both come through the router (it
forwards POST /webhooks/financial/gocardless to the financial service byte for byte).

The session's financial service is restarted pointed at this module's fake (and restored
afterwards): its GoCardless settings come from its environment, as in production.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from devstack.factories.financial import (
    create_client,
    create_invoice,
    issue_invoice,
    line,
    set_base_currency,
)
from devstack.fakes.gocardless import FakeGoCardless
from devstack.fakes.server import ThreadedServer
from devstack.stack import Stack
from devstack.testing import free_port
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

TOKEN = "e2e-gocardless-token-0123456789"
SECRET = "e2e-gocardless-webhook-secret-0123456789"

START = """mutation($clientId: ID!) { startGoCardlessMandateSetup(clientId: $clientId) {
  __typename ... on GoCardlessMandateSetupPayload { authorisationUrl } } }"""
MANDATE = """query($clientId: ID!) { goCardlessMandate(clientId: $clientId) {
  mandateId status usable } }"""
COLLECT = """mutation($id: ID!) { collectGoCardlessPayment(invoiceId: $id) {
  __typename ... on GoCardlessPaymentPayload { payment { gocardlessId amount status } } } }"""
INVOICE = """query($id: ID!) { invoice(id: $id) { status balanceDue amountPaid }
  goCardlessPayments(invoiceId: $id) { gocardlessId status } }"""


@pytest.fixture(scope="module")
async def gocardless(running_stack: Stack) -> AsyncIterator[FakeGoCardless]:
    port = free_port()
    fake = FakeGoCardless(TOKEN, SECRET, public_url=f"http://127.0.0.1:{port}")
    financial = running_stack.services["financial"]
    fake.state.webhook_url = f"{running_stack.url('router')}/webhooks/financial/gocardless"
    original = dict(financial.env)
    with ThreadedServer(fake.app, port):
        financial.env |= {
            "FINANCIAL_GOCARDLESS_ACCESS_TOKEN": TOKEN,
            "FINANCIAL_GOCARDLESS_BASE_URL": fake.state.public_url,
            "FINANCIAL_GOCARDLESS_WEBHOOK_SECRET": SECRET,
        }
        await running_stack.stop_service("financial")
        await running_stack.start_service("financial")
        try:
            yield fake
        finally:
            financial.env.clear()
            financial.env.update(original)
            await running_stack.stop_service("financial")
            await running_stack.start_service("financial")


async def _control(fake: FakeGoCardless, path: str) -> dict[str, Any]:
    """Drive the fake as the payer and the banks would; it delivers the webhooks."""
    async with httpx.AsyncClient(base_url=fake.state.public_url, timeout=30) as http:
        response = await http.post(f"/_fake/{path}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == 200, body
    return body


async def test_mandate_collection_and_webhooks_pay_the_invoice(
    running_stack: Stack, gocardless: FakeGoCardless
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        token = await register(http, "grace")
        await set_base_currency(http, token, "EUR")
        client_id = (await create_client(http, token, "Hopper Ltd"))["id"]

        started = await graphql(http, START, token, clientId=client_id)
        url = started["data"]["startGoCardlessMandateSetup"]["authorisationUrl"]
        flow = gocardless.state.get("billing_request_flows", url.rsplit("=", 1)[1])
        completed = await _control(
            gocardless, f"billing_requests/{flow['links']['billing_request']}/complete"
        )
        mandate_id = completed["events"][0]["links"]["mandate_request_mandate"]
        await _control(gocardless, f"mandates/{mandate_id}/active")
        mandate = await graphql(http, MANDATE, token, clientId=client_id)
        assert mandate["data"]["goCardlessMandate"] == {
            "mandateId": mandate_id,
            "status": "active",
            "usable": True,
        }

        work = line("Compiler work", quantity="2", unit_price="150.25")
        invoice_id = (await create_invoice(http, token, client_id, lines=[work]))["id"]
        issued = await issue_invoice(http, token, invoice_id)
        assert issued["invoice"]["balanceDue"] == "300.50"

        first = await graphql(http, COLLECT, token, id=invoice_id)
        again = await graphql(http, COLLECT, token, id=invoice_id)
        payment = first["data"]["collectGoCardlessPayment"]["payment"]
        assert again["data"]["collectGoCardlessPayment"]["payment"] == payment
        assert gocardless.state.get("payments", payment["gocardlessId"])["amount"] == 30050
        assert len(gocardless.state.of("payments")) == 1

        await _control(gocardless, f"payments/{payment['gocardlessId']}/paid_out")
        await _control(gocardless, f"payments/{payment['gocardlessId']}/confirmed")
        state = (await graphql(http, INVOICE, token, id=invoice_id))["data"]
        assert state["invoice"]["status"] == "PAID"
        assert state["invoice"]["amountPaid"] == "300.50"
        assert state["goCardlessPayments"] == [
            {"gocardlessId": payment["gocardlessId"], "status": "paid_out"}
        ]


async def test_a_forged_webhook_is_refused_through_the_router(
    running_stack: Stack, gocardless: FakeGoCardless
) -> None:
    event = gocardless.state.event("payments", "confirmed", {"payment": "PM0"})
    body, headers = gocardless.state.webhook([event])
    headers["Webhook-Signature"] = "f" * 64
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        response = await http.post("/webhooks/financial/gocardless", content=body, headers=headers)
    assert response.status_code == 498
    assert response.json()["error"]["code"] == "INVALID_SIGNATURE"
