"""Rendering an invoice, quote or credit note: load its rows (in the caller's session), then
lay it out off the event loop (WeasyPrint takes tens to hundreds of milliseconds)."""

from __future__ import annotations

import asyncio
import enum
import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.documents.builder import build_view
from financial_subgraph.documents.cache import PdfCache, pdf_key
from financial_subgraph.documents.errors import (
    DocumentError,
    DocumentErrorCode,
    FacturXUnavailableError,
    document_error,
)
from financial_subgraph.documents.html import TemplateSource, render_html
from financial_subgraph.documents.repository import SellerProfileRepository
from financial_subgraph.documents.sandbox import TemplateRenderError
from financial_subgraph.documents.templates import template_for
from financial_subgraph.documents.view import DocumentKind, DocumentView
from financial_subgraph.invoice.repository import InvoiceRepository

PDF_TYPE = "application/pdf"
HTML_TYPE = "text/html; charset=utf-8"


class OutputFormat(enum.Enum):
    PDF = "pdf"
    FACTURX = "facturx"  # PDF/A-3 with the EN 16931 CII XML embedded
    HTML = "html"


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class LoadedDocument:
    view: DocumentView
    source: TemplateSource


def invoice_not_found() -> DocumentError:
    return document_error(DocumentErrorCode.INVOICE_NOT_FOUND, "No such invoice.", "id")


async def load_invoice_document(
    session: AsyncSession,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    *,
    today: date,
    template_id: uuid.UUID | None = None,
) -> LoadedDocument | DocumentError:
    """The invoice's view and the template it renders with, read in one session."""
    invoices = InvoiceRepository(session)
    invoice = await invoices.in_organization(organization_id, invoice_id)
    if invoice is None:
        return invoice_not_found()
    client = await ClientRepository(session).in_organization(organization_id, invoice.client_id)
    if client is None:  # clients are archived, never deleted; a missing one is a broken row
        return invoice_not_found()
    reference = None
    if invoice.credited_invoice_id is not None:
        [credited] = await invoices.by_ids_in_organization(
            organization_id, [invoice.credited_invoice_id]
        )
        reference = credited.number if credited is not None else None
    source = await template_for(session, organization_id, DocumentKind(invoice.kind), template_id)
    if isinstance(source, DocumentError):
        return source
    seller = await SellerProfileRepository(session).of(organization_id)
    view = build_view(invoice, client, seller, today=today, reference=reference)
    return LoadedDocument(view, source)


def _filename(view: DocumentView, output: OutputFormat) -> str:
    stem = f"{view.kind.value.replace('_', '-')}-{view.number or 'draft'}"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")
    if output is OutputFormat.HTML:
        return f"{stem}.html"
    return f"{stem}-facturx.pdf" if output is OutputFormat.FACTURX else f"{stem}.pdf"


@dataclass(frozen=True)
class PreparedDocument:
    """The page (and e-invoice XML) of a document: everything its PDF is made from."""

    filename: str
    html: str
    xml: bytes | None
    language: str


def prepare(document: LoadedDocument, output: OutputFormat) -> PreparedDocument:
    """Blocking: raises TemplateRenderError or FacturXUnavailableError."""
    # drafthorse and WeasyPrint take ~1.4 s to import: loaded by the first render, not at
    # start-up (they run in a worker thread, so the event loop never waits on the import).
    from financial_subgraph.documents import facturx

    view = document.view
    # The e-invoice is checked first: a refusal costs no template run or PDF layout.
    xml = facturx.build_xml(view) if output is OutputFormat.FACTURX else None
    html = render_html(view, document.source)
    return PreparedDocument(_filename(view, output), html, xml, view.language)


def to_pdf(prepared: PreparedDocument) -> bytes:
    """Blocking: the PDF, or the Factur-X PDF/A-3 when the document carries XML."""
    from financial_subgraph.documents import facturx
    from financial_subgraph.documents.pdf import FACTURX_VARIANT, render_pdf

    if prepared.xml is None:
        return render_pdf(prepared.html)
    pdf = render_pdf(prepared.html, pdf_variant=FACTURX_VARIANT)
    return facturx.embed(pdf, prepared.xml, prepared.language)


async def render_document(
    document: LoadedDocument, output: OutputFormat, cache: PdfCache | None = None
) -> RenderedFile | DocumentError:
    """The file, laid out in worker threads; refusals as typed errors. PDFs of a page
    rendered before come from `cache`."""
    try:
        prepared = await asyncio.to_thread(prepare, document, output)
    except TemplateRenderError as error:
        return document_error(DocumentErrorCode.TEMPLATE_ERROR, error.message, None, error.line)
    except FacturXUnavailableError as error:
        return document_error(DocumentErrorCode.EINVOICE_UNAVAILABLE, error.message, "format")
    if output is OutputFormat.HTML:
        return RenderedFile(prepared.filename, HTML_TYPE, prepared.html.encode())
    key = pdf_key(prepared.html, prepared.xml)
    pdf = await cache.get(key) if cache is not None else None
    if pdf is None:
        pdf = await asyncio.to_thread(to_pdf, prepared)
        if cache is not None:
            await cache.put(key, pdf)
    return RenderedFile(prepared.filename, PDF_TYPE, pdf)
