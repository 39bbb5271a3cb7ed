"""Invoice test helpers: GraphQL documents and small builders (tests cannot import each other)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from devstack.factories.financial import (
    CREATE_INVOICE,
    CREATE_QUOTE,
    INVOICE_FIELDS,
    INVOICE_PAYLOAD,
    ISSUE_INVOICE,
    LINE_FIELDS,
    PAYMENT_FIELDS,
    RECORD_PAYMENT,
    create_client,
    create_invoice,
    import_ecb_rates,
    issue_invoice,
    line,
    record_payment,
)
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

from ..conftest import GraphQL

# The invoice tests import these from here; they are made in devstack.factories.financial.
__all__ = ["CREATE_INVOICE", "CREATE_QUOTE", "PAYMENT_FIELDS", "RECORD_PAYMENT", "line"]

PAYLOAD = INVOICE_PAYLOAD
ISSUE = ISSUE_INVOICE
UPDATE_INVOICE = f"""mutation($id: ID!, $input: UpdateInvoiceInput!) {{
  updateInvoice(id: $id, input: $input) {{ {PAYLOAD} }} }}"""
VOID = f"""mutation($id: ID!, $reason: String!) {{
  voidInvoice(id: $id, reason: $reason) {{ {PAYLOAD} }} }}"""
CONVERT = f"""mutation($id: ID!) {{ convertQuoteToInvoice(id: $id) {{ {PAYLOAD} }} }}"""
ACCEPT = f"""mutation($id: ID!) {{ acceptQuote(id: $id) {{ {PAYLOAD} }} }}"""
DECLINE = f"""mutation($id: ID!) {{ declineQuote(id: $id) {{ {PAYLOAD} }} }}"""
CREATE_CREDIT_NOTE = f"""mutation($input: CreateCreditNoteInput!) {{
  createCreditNote(input: $input) {{ {PAYLOAD} }} }}"""

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


def vat(rate: str = "19", **extra: Any) -> dict[str, Any]:
    return {"name": "VAT", "rate": rate, **extra}


class Invoices:
    """Builds invoices through the API as one organisation's member and admin."""

    def __init__(self, gql: GraphQL, member: str, admin: str) -> None:
        self.gql, self.member, self.admin = gql, member, admin

    async def client(self, **fields: Any) -> dict[str, Any]:
        return await create_client(self.gql, self.member, **fields)

    async def draft(
        self, client_id: str | None = None, kind: str = "invoice", **fields: Any
    ) -> dict[str, Any]:
        return await create_invoice(self.gql, self.member, client_id, kind, **fields)

    async def issue(self, invoice_id: str, issue_date: str | None = None) -> dict[str, Any]:
        return await issue_invoice(self.gql, self.admin, invoice_id, issue_date)

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
        return await record_payment(self.gql, self.member, invoice_id, amount, paid_on, **extra)


@pytest.fixture
def invoices(gql: GraphQL, member: str, admin: str) -> Invoices:
    return Invoices(gql, member, admin)


# ECB reference-rate file layout (units of each currency per 1 EUR).
RATES_CSV = """Date,USD,JPY,
2026-01-09,1.1000,160.00,
2026-02-02,1.2000,150.00,
"""


async def store_rates(gql: GraphQL, admin: str, csv: str = RATES_CSV) -> None:
    await import_ecb_rates(gql, admin, csv)


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
