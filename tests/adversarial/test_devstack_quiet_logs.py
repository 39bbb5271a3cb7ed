"""Rendering a document logs no line per page (issue 8, item 14): WeasyPrint's progress lines
(one per page, 2.6 MB of log for one long document) are kept out of the service log."""

from __future__ import annotations

import httpx
import pytest

from devstack.stack import Stack
from devstack.testing import LogCapture
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  ... on ClientPayload { client { id } } } }"""
CREATE_INVOICE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  ... on InvoicePayload { invoice { id } } } }"""
INVOICE_PDF = """query($id: ID!) { invoicePdf(id: $id) {
  __typename ... on RenderedDocument { byteSize } } }"""
PER_PAGE_LINE = "Creating layout - Page"


async def test_rendering_a_pdf_logs_no_line_per_page(
    router: httpx.AsyncClient, owner_token: str, running_stack: Stack
) -> None:
    log = running_stack.config.log_sink
    assert isinstance(log, LogCapture)
    client = await graphql(
        router, CREATE_CLIENT, owner_token, input={"name": "Quiet Ltd", "defaultCurrency": "EUR"}
    )
    lines = [{"description": f"Line {n}", "quantity": "1", "unitPrice": "10"} for n in range(60)]
    client_id = client["data"]["createClient"]["client"]["id"]
    created = await graphql(
        router, CREATE_INVOICE, owner_token, input={"clientId": client_id, "lines": lines}
    )
    invoice_id = created["data"]["createInvoice"]["invoice"]["id"]
    logged_before = len(log.lines)

    rendered = await graphql(router, INVOICE_PDF, owner_token, id=invoice_id)

    assert rendered["data"]["invoicePdf"]["__typename"] == "RenderedDocument", rendered
    financial = [line for line in log.lines[logged_before:] if line.startswith("financial |")]
    assert not [line for line in financial if PER_PAGE_LINE in line]
    assert not [line for line in financial if '"level": "info"' in line and "weasyprint" in line]
