"""A document's blocking steps, free of the database: the template run (`prepare`) and the
PDF layout (`to_pdf`). The render workers run them (render/worker.py); rendering.py loads
what they need."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from financial_subgraph.documents.html import TemplateSource, render_html
from financial_subgraph.documents.view import DocumentView

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
    # drafthorse and WeasyPrint take ~1.4 s to import: loaded in the render workers only
    # (render/pool.py), never by the service process.
    from financial_subgraph.documents.facturx import builder as facturx

    view = document.view
    # The e-invoice is checked first: a refusal costs no template run or PDF layout.
    xml = facturx.build_xml(view) if output is OutputFormat.FACTURX else None
    html = render_html(view, document.source)
    return PreparedDocument(_filename(view, output), html, xml, view.language)


def to_pdf(prepared: PreparedDocument) -> bytes:
    """Blocking: the PDF, or the Factur-X PDF/A-3 when the document carries XML."""
    from financial_subgraph.documents.facturx import builder as facturx
    from financial_subgraph.documents.pdf import FACTURX_VARIANT, render_pdf

    if prepared.xml is None:
        return render_pdf(prepared.html)
    pdf = render_pdf(prepared.html, pdf_variant=FACTURX_VARIANT)
    return facturx.embed(pdf, prepared.xml, prepared.language)
