"""GoCardless fixtures: the fake GoCardless Pro API on a real port (the real SDK talks to it
over HTTP), the financial app configured to use it, and a `world` of helpers that create
clients, issued invoices and mandates and deliver signed webhooks to the app."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from devstack.fakes.gocardless import FakeGoCardless
from devstack.fakes.gocardless_bank_data import FakeBankData
from devstack.fakes.server import ThreadedServer
from devstack.stack import Stack
from devstack.testing import GraphQL, free_port
from financial_subgraph.bank import service as bank_service
from financial_subgraph.bank.models import BankAccount
from financial_subgraph.bank.service import AccountData
from financial_subgraph.base import outbox
from financial_subgraph.client import service as client_service
from financial_subgraph.client.models import Client
from financial_subgraph.currency.ecb import SOURCE
from financial_subgraph.currency.models import ExchangeRate
from financial_subgraph.invoice import service as invoice_service
from financial_subgraph.invoice.drafts import DraftData, LineData
from financial_subgraph.invoice.models import Invoice, InvoicePayment
from financial_subgraph.organization import service as organization_service
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

ACCESS_TOKEN = "fake-gocardless-token-0123456789"
WEBHOOK_SECRET = "fake-gocardless-webhook-secret-0123456789"
BANK_DATA_ID = "fake-bank-data-secret-id-0123456789"
BANK_DATA_KEY = "fake-bank-data-secret-key-0123456789"

START_SETUP = """
mutation($clientId: ID!, $redirectUri: String) {
  startGoCardlessMandateSetup(clientId: $clientId, redirectUri: $redirectUri) {
    __typename
    ... on GoCardlessMandateSetupPayload {
      authorisationUrl mandate { clientId customerId mandateId status usable currency }
    }
    ... on GoCardlessError { code message field }
  }
}
"""

COLLECT = """
mutation($invoiceId: ID!) {
  collectGoCardlessPayment(invoiceId: $invoiceId) {
    __typename
    ... on GoCardlessPaymentPayload {
      payment { id invoiceId gocardlessId amount currency status chargeDate }
    }
    ... on GoCardlessError { code message field }
  }
}
"""

MANDATE = """query($clientId: ID!) { goCardlessMandate(clientId: $clientId) {
  clientId customerId mandateId status usable } }"""

PAYMENTS = """query($invoiceId: ID!) { goCardlessPayments(invoiceId: $invoiceId) {
  gocardlessId amount status confirmedAt failureReason } }"""


@pytest.fixture
def fake_gocardless() -> Iterator[FakeGoCardless]:
    port = free_port()
    fake = FakeGoCardless(ACCESS_TOKEN, WEBHOOK_SECRET, public_url=f"http://127.0.0.1:{port}")
    with ThreadedServer(fake.app, port):
        yield fake


def gocardless_url(fake: FakeGoCardless) -> str:
    return fake.state.public_url


@pytest.fixture
def fake_bank_data() -> Iterator[FakeBankData]:
    port = free_port()
    fake = FakeBankData(BANK_DATA_ID, BANK_DATA_KEY)
    with ThreadedServer(fake.app, port) as server:
        fake.url = f"{server.url}/api/v2"
        yield fake


@pytest.fixture
def financial_settings(
    stack: Stack, fake_gocardless: FakeGoCardless, fake_bank_data: FakeBankData
) -> FinancialSettings:
    env = stack.services["financial"].env
    values: dict[str, Any] = {k.removeprefix("FINANCIAL_").lower(): v for k, v in env.items()}
    values |= {
        "run_migrations_on_start": False,
        "gocardless_access_token": ACCESS_TOKEN,
        "gocardless_base_url": fake_gocardless.state.public_url,
        "gocardless_webhook_secret": WEBHOOK_SECRET,
        "bank_data_secret_id": BANK_DATA_ID,
        "bank_data_secret_key": BANK_DATA_KEY,
        "bank_data_base_url": fake_bank_data.url,
    }
    return FinancialSettings(**values)


class World:
    """Builds the data a GoCardless test needs, through the real services and endpoints."""

    def __init__(self, app: FastAPI, http: httpx.AsyncClient, gql: GraphQL, fake: FakeGoCardless):
        self.database: Database = app.state.runtime.database
        self.http = http
        self.gql = gql
        self.fake = fake

    async def client(self, organization_id: uuid.UUID, currency: str = "EUR") -> uuid.UUID:
        data = client_service.ClientData(name="Ada Ltd", default_currency=currency)
        async with self.database.write(organization_id=organization_id) as session:
            await organization_service.set_base_currency(session, organization_id, "EUR")
            created = await client_service.create_client(session, organization_id, data)
            assert isinstance(created, Client), created
            return created.id

    async def bank_account(self, organization_id: uuid.UUID, currency: str = "EUR") -> uuid.UUID:
        data = AccountData(name="Main account", currency=currency)
        async with self.database.write(organization_id=organization_id) as session:
            await organization_service.set_base_currency(session, organization_id, "EUR")
            created = await bank_service.create_account(session, organization_id, data)
            assert isinstance(created, BankAccount), created
            return created.id

    async def invoice(
        self,
        organization_id: uuid.UUID,
        client_id: uuid.UUID,
        unit_price: str = "120.50",
        currency: str | None = None,
        issue: bool = True,
    ) -> uuid.UUID:
        line = LineData(
            description="Consulting", quantity=Decimal(1), unit_price=Decimal(unit_price)
        )
        data = DraftData(client_id=client_id, currency=currency, lines=(line,))
        async with self.database.write(organization_id=organization_id) as session:
            if currency not in (None, "EUR"):
                # Issuing converts to the base currency (EUR) at the issue date's rate.
                rate = {"base": "EUR", "quote": currency, "rate": Decimal("1.1"), "source": SOURCE}
                statement = insert(ExchangeRate).values(rate_date=date.today(), **rate)
                await session.execute(statement.on_conflict_do_nothing())
            draft = await invoice_service.create_draft(session, organization_id, "invoice", data)
            assert isinstance(draft, Invoice), draft
            if issue:
                issued = await invoice_service.issue_invoice(
                    session, organization_id, draft.id, issue_date=date.today()
                )
                assert isinstance(issued, Invoice), issued
            return draft.id

    async def deliver(
        self, events: list[dict[str, Any]], signature: str | None = None
    ) -> httpx.Response:
        body, headers = self.fake.state.webhook(events)
        if signature is not None:
            headers["Webhook-Signature"] = signature
        return await self.http.post("/webhooks/gocardless", content=body, headers=headers)

    async def start_setup(self, token: str, client_id: uuid.UUID) -> dict[str, Any]:
        body = await self.gql(START_SETUP, bearer=token, clientId=str(client_id))
        result: dict[str, Any] = body["data"]["startGoCardlessMandateSetup"]
        return result

    async def active_mandate(self, token: str, client_id: uuid.UUID) -> str:
        """Set up a mandate as a payer would: flow completed, GoCardless reports it active."""
        started = await self.start_setup(token, client_id)
        assert started["__typename"] == "GoCardlessMandateSetupPayload", started
        billing_request = self.billing_request_of(started["authorisationUrl"])
        with self.fake.state.lock:
            request, events = self.fake.state.fulfil(billing_request)
            mandate_id = request["links"]["mandate_request_mandate"]
            events.append(self.fake.state.transition("mandates", mandate_id, "active"))
        response = await self.deliver(events)
        assert response.status_code == 200, response.text
        return str(mandate_id)

    async def collect(self, token: str, invoice_id: uuid.UUID) -> dict[str, Any]:
        body = await self.gql(COLLECT, bearer=token, invoiceId=str(invoice_id))
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"]["collectGoCardlessPayment"]
        return result

    async def mandate(self, token: str, client_id: uuid.UUID) -> dict[str, Any] | None:
        body = await self.gql(MANDATE, bearer=token, clientId=str(client_id))
        assert "errors" not in body, body
        result: dict[str, Any] | None = body["data"]["goCardlessMandate"]
        return result

    async def payments(self, token: str, invoice_id: uuid.UUID) -> list[dict[str, Any]]:
        body = await self.gql(PAYMENTS, bearer=token, invoiceId=str(invoice_id))
        assert "errors" not in body, body
        result: list[dict[str, Any]] = body["data"]["goCardlessPayments"]
        return result

    def billing_request_of(self, authorisation_url: str) -> str:
        flow_id = authorisation_url.rsplit("=", 1)[1]
        with self.fake.state.lock:
            flow = self.fake.state.get("billing_request_flows", flow_id)
        return str(flow["links"]["billing_request"])

    def payment_event(self, payment_id: str, action: str) -> dict[str, Any]:
        with self.fake.state.lock:
            return self.fake.state.transition("payments", payment_id, action)

    async def invoice_row(self, organization_id: uuid.UUID, invoice_id: uuid.UUID) -> Invoice:
        async with self.database.read(organization_id=organization_id) as session:
            row = await session.get(Invoice, invoice_id)
            assert row is not None
            return row

    async def invoice_payments(
        self, organization_id: uuid.UUID, invoice_id: uuid.UUID
    ) -> list[InvoicePayment]:
        async with self.database.read(organization_id=organization_id) as session:
            rows = await session.scalars(
                select(InvoicePayment).where(InvoicePayment.invoice_id == invoice_id)
            )
            return list(rows.all())

    async def outbox_count(self, organization_id: uuid.UUID, event_type: str) -> int:
        async with self.database.read() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.type == event_type, outbox.c.organization_id == organization_id)
            )
            return int(count or 0)


@pytest.fixture
def world(
    financial_app: FastAPI, client: httpx.AsyncClient, gql: GraphQL, fake_gocardless: FakeGoCardless
) -> World:
    return World(financial_app, client, gql, fake_gocardless)
