"""Invoice documents end to end: client and invoice created through the router, the PDF and
the Factur-X PDF fetched as base64 through the router, decoded and read back."""

from __future__ import annotations

import base64
import io

import httpx
import pytest
from pypdf import PdfReader

from devstack.factories.financial import create_client, create_invoice, issue_invoice, line
from devstack.stack import Stack
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

SELLER = """mutation($input: SellerProfileInput!) { updateSellerProfile(input: $input) {
  __typename } }"""
INVOICE_PDF = """query($id: ID!, $format: DocumentFormat!) { invoicePdf(id: $id, format: $format) {
  __typename ... on RenderedDocument { filename contentType base64 byteSize }
  ... on DocumentError { code message } } }"""


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


async def test_an_issued_invoice_is_fetched_as_pdf_and_facturx_through_the_router(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        token = await register(http, "documents")
        await graphql(
            http, SELLER, token,
            input={"legalName": "Ada Consulting Ltd", "address": {"country": "GB"},
                   "taxId": "GB980780684"},
        )  # fmt: skip
        address = {"city": "London", "country": "GB"}
        client = await create_client(http, token, "Analytical Engines plc", billingAddress=address)
        audit = line("Engine audit", "2", "450", taxes=[{"name": "VAT", "rate": "20"}])
        invoice_id = (await create_invoice(http, token, client["id"], lines=[audit]))["id"]
        issued = await issue_invoice(http, token, invoice_id)
        assert issued["__typename"] == "InvoicePayload", issued
        number = issued["invoice"]["number"]

        rendered = await graphql(http, INVOICE_PDF, token, id=invoice_id, format="PDF")
        document = rendered["data"]["invoicePdf"]
        pdf = base64.b64decode(document["base64"])
        assert (document["contentType"], document["byteSize"]) == ("application/pdf", len(pdf))
        text = _text(pdf)
        assert number in text
        assert "Analytical Engines plc" in text
        assert "Engine audit" in text
        assert "Total €1,080.00" in text

        facturx = await graphql(http, INVOICE_PDF, token, id=invoice_id, format="FACTURX")
        einvoice = base64.b64decode(facturx["data"]["invoicePdf"]["base64"])
        [xml] = PdfReader(io.BytesIO(einvoice)).attachments["factur-x.xml"]
        assert f"<ram:ID>{number}</ram:ID>".encode() in xml
        assert b"<ram:GrandTotalAmount>1080.00</ram:GrandTotalAmount>" in xml
