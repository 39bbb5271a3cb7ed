"""Rendering a document logs no line per page (issue 8, item 14): WeasyPrint's progress lines
(one per page, 2.6 MB of log for one long document) are kept out of the service log."""

from __future__ import annotations

import httpx
import pytest

from devstack.factories.financial import create_client, create_invoice, line
from devstack.stack import Stack
from devstack.testing import LogCapture
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

INVOICE_PDF = """query($id: ID!) { invoicePdf(id: $id) {
  __typename ... on RenderedDocument { byteSize } } }"""
PER_PAGE_LINE = "Creating layout - Page"


async def test_rendering_a_pdf_logs_no_line_per_page(
    router: httpx.AsyncClient, owner_token: str, running_stack: Stack
) -> None:
    log = running_stack.config.log_sink
    assert isinstance(log, LogCapture)
    client = await create_client(router, owner_token, "Quiet Ltd")
    lines = [line(f"Line {n}", unit_price="10") for n in range(60)]
    invoice_id = (await create_invoice(router, owner_token, client["id"], lines=lines))["id"]
    logged_before = len(log.lines)

    rendered = await graphql(router, INVOICE_PDF, owner_token, id=invoice_id)

    assert rendered["data"]["invoicePdf"]["__typename"] == "RenderedDocument", rendered
    financial = [line for line in log.lines[logged_before:] if line.startswith("financial |")]
    assert not [line for line in financial if PER_PAGE_LINE in line]
    assert not [line for line in financial if '"level": "info"' in line and "weasyprint" in line]
