"""Documents through the built-in template into PDFs whose text holds what was invoiced."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from financial_subgraph.documents.html import TemplateSource, default_template, render_html
from financial_subgraph.documents.pdf import DataUriOnlyFetcher, render_pdf
from financial_subgraph.documents.sample import bare_document, sample_document
from financial_subgraph.documents.template_context import Branding
from financial_subgraph.documents.view import DocumentKind

from .conftest import PNG_DATA_URI, RecordingServer, pdf_text


def test_an_issued_invoice_shows_number_client_lines_and_totals() -> None:
    view = sample_document(DocumentKind.INVOICE)
    text = pdf_text(render_pdf(render_html(view, default_template())))
    for expected in (
        "Invoice", "2026-0042", "Sample Client GmbH", "Your Company Ltd", "Consulting",
        "Hosting (annual)", "€1,080.00", "€240.00", "Subtotal €1,320.00", "Tax €250.80",
        "Total €1,570.80", "Balance due €1,070.80", "VAT 19% €1,320.00 €250.80",
        "Mar 2, 2026", "DE89 3704 0044 0532 0130 00", "PO-7781",
    ):  # fmt: skip
        assert expected in text, expected
    assert "DRAFT" not in text


def test_the_client_language_sets_wording_and_formats() -> None:
    view = sample_document(DocumentKind.CREDIT_NOTE, language="de-AT")
    text = pdf_text(render_pdf(render_html(view, default_template())))
    assert "Gutschrift" in text
    assert "Gesamt € 1.570,80" in text
    assert "02.03.2026" in text


def test_a_draft_carries_a_draft_mark_and_no_number() -> None:
    view = sample_document(DocumentKind.INVOICE, draft=True)
    text = pdf_text(render_pdf(render_html(view, default_template())))
    assert "DRAFT" in text
    assert "2026-0042" not in text
    assert "Total €1,570.80" in text


def test_a_template_without_a_draft_mark_still_gets_one() -> None:
    source = TemplateSource(html="<p>{{ buyer.name }} {{ totals.total }}</p>")
    view = sample_document(DocumentKind.QUOTE, draft=True, language="fr")
    text = pdf_text(render_pdf(render_html(view, source)))
    assert "Sample Client GmbH" in text
    assert "BROUILLON" in text


def test_a_bare_document_renders() -> None:
    text = pdf_text(render_pdf(render_html(bare_document(DocumentKind.QUOTE), default_template())))
    assert "Quote" in text
    assert "Total ¥0" in text


def test_branding_colour_logo_and_footer_reach_the_page() -> None:
    branding = Branding(primary_color="#aa0033", logo_data_uri=PNG_DATA_URI, footer_text="Reg. 42")
    view = sample_document(DocumentKind.INVOICE)
    html = render_html(view, default_template(branding))
    assert "--brand-primary: #aa0033" in html
    pdf = render_pdf(html)
    assert "Reg. 42" in pdf_text(pdf)
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    assert "/XObject" in resources  # the inline logo was drawn


def test_nothing_outside_data_uris_is_fetched(recording_server: RecordingServer) -> None:
    url = recording_server.url
    html = (
        f'<style>@import url("{url}/import.css");</style>'
        f'<link rel="stylesheet" href="{url}/link.css">'
        f'<p style="background: url({url}/bg.png)">Hello</p><img src="{url}/logo.png">'
        '<img src="file:///etc/passwd">'
    )
    view = sample_document(DocumentKind.INVOICE)
    pdf = render_pdf(render_html(view, TemplateSource(html=html)))
    assert "Hello" in pdf_text(pdf)
    assert recording_server.paths == []


def test_the_fetcher_refuses_other_schemes_and_serves_data_uris() -> None:
    fetcher = DataUriOnlyFetcher()
    assert fetcher.fetch(PNG_DATA_URI).read().startswith(b"\x89PNG")
    for url in ("http://127.0.0.1:9/x", "file:///etc/passwd", "ftp://example.com/x"):
        try:
            fetcher.fetch(url)
        except ValueError:
            continue
        raise AssertionError(f"{url} was fetched")
    assert len(fetcher.refused) == 3


def test_a_void_document_carries_a_void_mark() -> None:
    view = replace(sample_document(DocumentKind.INVOICE), is_void=True)
    text = pdf_text(render_pdf(render_html(view, default_template())))
    assert "VOID" in text
    assert "2026-0042" in text
