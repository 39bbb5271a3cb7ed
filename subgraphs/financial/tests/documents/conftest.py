"""Document test helpers (test modules cannot import each other)."""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pypdf import PdfReader

from devstack.factories.financial import INVOICE_PAYLOAD, issue_invoice

# A 1x1 transparent PNG.
PNG_DATA_URI = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def pdf_text(pdf: bytes) -> str:
    """Every page's extracted text, whitespace collapsed (so "€1,570.80" stays one token)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def decoded(rendered: dict[str, Any]) -> bytes:
    content = base64.b64decode(rendered["base64"])
    assert len(content) == rendered["byteSize"]
    return content


def attachments(pdf: bytes) -> dict[str, list[bytes]]:
    return dict(PdfReader(io.BytesIO(pdf)).attachments)


class RecordingServer:
    """A local HTTP server that records every request path: proves nothing is fetched."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        recorded = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorded.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"p { color: red; }")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    recorder = RecordingServer()
    thread = threading.Thread(target=recorder.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.server.shutdown()
        recorder.server.server_close()


TEMPLATE_FIELDS = """id name kind html css isDefault
branding { primaryColor logoDataUri footerText } createdAt updatedAt"""
ERROR_FIELDS = "code message field line"

SAVE_TEMPLATE = f"""mutation($input: SaveDocumentTemplateInput!) {{
  saveDocumentTemplate(input: $input) {{
    __typename
    ... on DocumentTemplatePayload {{ template {{ {TEMPLATE_FIELDS} }} }}
    ... on DocumentError {{ {ERROR_FIELDS} }} }} }}"""
DELETE_TEMPLATE = f"""mutation($id: ID!) {{ deleteDocumentTemplate(id: $id) {{
  __typename ... on DeleteDocumentTemplatePayload {{ id }}
  ... on DocumentError {{ {ERROR_FIELDS} }} }} }}"""
TEMPLATES = f"""query($kind: InvoiceKind) {{
  documentTemplates(kind: $kind) {{ {TEMPLATE_FIELDS} }} }}"""

RENDERED = f"""__typename
  ... on RenderedDocument {{ filename contentType base64 byteSize }}
  ... on DocumentError {{ {ERROR_FIELDS} }}"""
PREVIEW = f"""query($input: PreviewDocumentTemplateInput!) {{
  previewDocumentTemplate(input: $input) {{ {RENDERED} }} }}"""
INVOICE_PDF = f"""query($id: ID!, $format: DocumentFormat! = PDF, $templateId: ID) {{
  invoicePdf(id: $id, format: $format, templateId: $templateId) {{ {RENDERED} }} }}"""

SELLER_FIELDS = """legalName address { line1 line2 city region postalCode country }
taxId email phone iban bic bankName logoDataUri updatedAt"""
UPDATE_SELLER = f"""mutation($input: SellerProfileInput!) {{
  updateSellerProfile(input: $input) {{
    __typename ... on SellerProfilePayload {{ sellerProfile {{ {SELLER_FIELDS} }} }}
    ... on DocumentError {{ {ERROR_FIELDS} }} }} }}"""
SELLER = f"query {{ sellerProfile {{ {SELLER_FIELDS} }} }}"

SELLER_INPUT = {
    "legalName": "Lovelace Analytics GmbH",
    "address": {"line1": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117",
                "country": "de"},
    "taxId": "DE811907980",
    "iban": "DE89 3704 0044 0532 0130 00",
    "bic": "cobadeffxxx",
    "bankName": "Commerzbank",
}  # fmt: skip

CREATE_CREDIT_NOTE = f"""mutation($input: CreateCreditNoteInput!) {{
  createCreditNote(input: $input) {{ {INVOICE_PAYLOAD} }} }}"""

LINES = [
    {"description": "Difference engine design", "quantity": "12", "unitPrice": "150.00",
     "taxes": [{"name": "VAT", "rate": "19"}]},
    {"description": "Punched cards (box)", "quantity": "3", "unitPrice": "19.99",
     "discount": {"kind": "PERCENT", "value": "10"}, "taxes": [{"name": "VAT", "rate": "7"}]},
]  # fmt: skip


def template_input(name: str = "Plain", **overrides: Any) -> dict[str, Any]:
    html = "<h1>{{ document.title }} {{ document.number }}</h1><p>{{ buyer.name }}</p>"
    return {"name": name, "kind": "INVOICE", "html": html, **overrides}


async def issue(gql: Any, admin: str, invoice_id: str, on: str = "2026-03-02") -> dict[str, Any]:
    issued = await issue_invoice(gql, admin, invoice_id, on)
    assert issued["__typename"] == "InvoicePayload", issued
    return dict(issued["invoice"])
