"""Invoice test helpers: GraphQL documents and small builders (tests cannot import each other)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import text

from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

from ..conftest import GraphQL, TokenFactory, create_client

LINE_FIELDS = """
id position description quantity unitPrice discount { kind value }
amount documentDiscount netAmount taxAmount grossAmount
taxes { name rate mode compound amount }
"""

INVOICE_FIELDS = """
id kind status number clientId currency issueDate dueDate paymentTermsDays notes terms
discount { kind value } deposit { amount dueDate paid }
subtotal discountTotal netTotal taxTotal total amountPaid amountCredited balanceDue overdue
baseCurrency exchangeRate rateDate baseTotal creditedInvoiceId sourceQuoteId convertedInvoiceId
issuedAt voidedAt voidReason createdAt updatedAt
"""

PAYLOAD = f"""
    __typename
    ... on InvoicePayload {{ invoice {{ {INVOICE_FIELDS} lines {{ {LINE_FIELDS} }} }} }}
    ... on InvoiceError {{ code message field }}
"""

CREATE_INVOICE = f"""mutation($input: CreateInvoiceInput!) {{
  createInvoice(input: $input) {{ {PAYLOAD} }} }}"""
CREATE_QUOTE = f"""mutation($input: CreateInvoiceInput!) {{
  createQuote(input: $input) {{ {PAYLOAD} }} }}"""
UPDATE_INVOICE = f"""mutation($id: ID!, $input: UpdateInvoiceInput!) {{
  updateInvoice(id: $id, input: $input) {{ {PAYLOAD} }} }}"""
ISSUE = f"""mutation($id: ID!, $issueDate: Date) {{
  issueInvoice(id: $id, issueDate: $issueDate) {{ {PAYLOAD} }} }}"""
VOID = f"""mutation($id: ID!, $reason: String!) {{
  voidInvoice(id: $id, reason: $reason) {{ {PAYLOAD} }} }}"""
CONVERT = f"""mutation($id: ID!) {{ convertQuoteToInvoice(id: $id) {{ {PAYLOAD} }} }}"""
ACCEPT = f"""mutation($id: ID!) {{ acceptQuote(id: $id) {{ {PAYLOAD} }} }}"""
DECLINE = f"""mutation($id: ID!) {{ declineQuote(id: $id) {{ {PAYLOAD} }} }}"""
CREATE_CREDIT_NOTE = f"""mutation($input: CreateCreditNoteInput!) {{
  createCreditNote(input: $input) {{ {PAYLOAD} }} }}"""

PAYMENT_FIELDS = """id invoiceId amount paidOn method reference source externalId baseCurrency
exchangeRate baseAmount realisedFxGainLoss"""
RECORD_PAYMENT = f"""mutation($input: RecordPaymentInput!) {{
  recordPayment(input: $input) {{
    __typename
    ... on PaymentPayload {{ payment {{ {PAYMENT_FIELDS} }} invoice {{ {INVOICE_FIELDS} }} }}
    ... on InvoiceError {{ code message field }}
  }} }}"""

GET_INVOICE = f"""query($id: ID!) {{ invoice(id: $id) {{ {INVOICE_FIELDS}
  lines {{ {LINE_FIELDS} }} payments {{ {PAYMENT_FIELDS} }}
  creditNotes {{ id number status total }} client {{ id name }} }} }}"""

LIST_INVOICES = """query($status: [InvoiceStatus!], $kind: InvoiceKind, $clientId: ID,
                      $overdue: Boolean, $first: Int! = 20, $after: String) {
  invoices(status: $status, kind: $kind, clientId: $clientId, overdue: $overdue,
           first: $first, after: $after) {
    edges { cursor node { id number status kind overdue total } }
    pageInfo { hasNextPage endCursor }
  } }"""

ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Invoice { id number total } } }"""


def line(
    description: str = "Consulting",
    quantity: str = "1",
    unit_price: str = "100.00",
    **extra: Any,
) -> dict[str, Any]:
    return {"description": description, "quantity": quantity, "unitPrice": unit_price, **extra}


def vat(rate: str = "19", **extra: Any) -> dict[str, Any]:
    return {"name": "VAT", "rate": rate, **extra}


@pytest.fixture
def admin(token_for: TokenFactory, org_a: uuid.UUID) -> str:
    return token_for(org_a, "admin")


@pytest.fixture
def viewer(token_for: TokenFactory, org_a: uuid.UUID) -> str:
    return token_for(org_a, "viewer")


class Invoices:
    """Builds invoices through the API as one organisation's member and admin."""

    def __init__(self, gql: GraphQL, member: str, admin: str) -> None:
        self.gql, self.member, self.admin = gql, member, admin

    async def client(self, **fields: Any) -> dict[str, Any]:
        return await create_client(self.gql, self.member, **fields)

    async def draft(
        self, client_id: str | None = None, kind: str = "invoice", **fields: Any
    ) -> dict[str, Any]:
        if client_id is None:
            client_id = (await self.client())["id"]
        document = CREATE_QUOTE if kind == "quote" else CREATE_INVOICE
        body = await self.gql(
            document,
            bearer=self.member,
            input={"clientId": client_id, "lines": [line()], **fields},
        )
        result = body["data"]["createQuote" if kind == "quote" else "createInvoice"]
        assert result["__typename"] == "InvoicePayload", body
        return dict(result["invoice"])

    async def issue(self, invoice_id: str, issue_date: str | None = None) -> dict[str, Any]:
        body = await self.gql(ISSUE, bearer=self.admin, id=invoice_id, issueDate=issue_date)
        return dict(body["data"]["issueInvoice"])

    async def issued(
        self, client_id: str | None = None, issue_date: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        draft = await self.draft(client_id, **fields)
        result = await self.issue(draft["id"], issue_date)
        assert result["__typename"] == "InvoicePayload", result
        return dict(result["invoice"])

    async def pay(
        self, invoice_id: str, amount: str, paid_on: str = "2026-01-20", **extra: Any
    ) -> dict[str, Any]:
        body = await self.gql(
            RECORD_PAYMENT,
            bearer=self.member,
            input={"invoiceId": invoice_id, "amount": amount, "paidOn": paid_on, **extra},
        )
        return dict(body["data"]["recordPayment"])


@pytest.fixture
def invoices(gql: GraphQL, member: str, admin: str) -> Invoices:
    return Invoices(gql, member, admin)


IMPORT_RATES = """mutation($csv: String!) { importEcbRates(csv: $csv) {
  __typename ... on RateImportPayload { inserted } } }"""

# ECB reference-rate file layout (units of each currency per 1 EUR).
RATES_CSV = """Date,USD,JPY,
2026-01-09,1.1000,160.00,
2026-02-02,1.2000,150.00,
"""


async def store_rates(gql: GraphQL, admin: str, csv: str = RATES_CSV) -> None:
    body = await gql(IMPORT_RATES, bearer=admin, csv=csv)
    assert body["data"]["importEcbRates"]["__typename"] == "RateImportPayload", body


async def outbox_events(settings: FinancialSettings, event_type: str) -> list[dict[str, Any]]:
    """Payloads of `event_type` in the outbox, oldest first."""
    database = Database(settings.database_url)
    try:
        async with database.read() as session:
            rows = await session.execute(
                text("SELECT payload FROM financial.outbox_events WHERE type = :type ORDER BY seq"),
                {"type": event_type},
            )
            return [
                payload if isinstance(payload, dict) else json.loads(payload) for (payload,) in rows
            ]
    finally:
        await database.dispose()
