"""Previewing a template (stored or not) on sample data, with the organisation's seller."""

from __future__ import annotations

from dataclasses import replace

from financial_subgraph.documents.builder import seller_of
from financial_subgraph.documents.errors import DocumentError
from financial_subgraph.documents.html import TemplateSource, default_template
from financial_subgraph.documents.models import SellerProfile
from financial_subgraph.documents.output import LoadedDocument
from financial_subgraph.documents.sample import sample_document
from financial_subgraph.documents.template_context import Branding
from financial_subgraph.documents.templates import check_branding
from financial_subgraph.documents.view import DocumentKind


def preview_document(
    kind: DocumentKind,
    html: str | None,
    css: str | None,
    branding: Branding,
    *,
    language: str | None,
    draft: bool,
    seller: SellerProfile | None,
) -> LoadedDocument | DocumentError:
    """The sample document of `kind` and the template to show it with: `html`, or the
    built-in template (plus `css`) when None."""
    error = check_branding(branding)
    if error is not None:
        return error
    view = sample_document(kind, draft=draft, language=language or "en")
    if seller is not None:
        view = replace(view, seller=seller_of(seller))
    if html is None:
        built_in = default_template()
        source = TemplateSource(built_in.html, built_in.css + (css or ""), branding)
    else:
        source = TemplateSource(html, css or "", branding)
    return LoadedDocument(view, source)
