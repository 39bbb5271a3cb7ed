"""A loaded document to a file, and a template's validation run: every template run and PDF
layout goes through the renderer (a worker process, within the FINANCIAL_RENDER_* bounds),
each refusal answered with a typed error."""

from __future__ import annotations

import uuid

from financial_subgraph.documents.cache import PdfCache, pdf_key
from financial_subgraph.documents.errors import (
    DocumentError,
    DocumentErrorCode,
    FacturXUnavailableError,
    document_error,
)
from financial_subgraph.documents.html import TemplateSource
from financial_subgraph.documents.output import (
    HTML_TYPE,
    PDF_TYPE,
    LoadedDocument,
    OutputFormat,
    PreparedDocument,
    RenderedFile,
)
from financial_subgraph.documents.render.renderer import (
    DocumentRenderer,
    RenderRefusedError,
    RenderSession,
)
from financial_subgraph.documents.render.worker import (
    check_template_in_worker,
    pdf_in_worker,
    prepare_in_worker,
)
from financial_subgraph.documents.sandbox import TemplateRenderError
from financial_subgraph.documents.view import DocumentKind


async def render_document(
    renderer: DocumentRenderer,
    organization_id: uuid.UUID,
    document: LoadedDocument,
    output: OutputFormat,
    cache: PdfCache | None = None,
) -> RenderedFile | DocumentError:
    """The file, or a typed refusal. PDFs of a page rendered before come from `cache`."""
    try:
        async with renderer.session(organization_id) as render:
            prepared = await render.run(prepare_in_worker, document, output)
            if output is OutputFormat.HTML:
                return RenderedFile(prepared.filename, HTML_TYPE, prepared.html.encode())
            pdf = await _pdf(render, prepared, cache)
            return RenderedFile(prepared.filename, PDF_TYPE, pdf)
    except RenderRefusedError as refused:
        return refused.error
    except TemplateRenderError as error:
        return document_error(DocumentErrorCode.TEMPLATE_ERROR, error.message, None, error.line)
    except FacturXUnavailableError as error:
        return document_error(DocumentErrorCode.EINVOICE_UNAVAILABLE, error.message, "format")


async def _pdf(render: RenderSession, prepared: PreparedDocument, cache: PdfCache | None) -> bytes:
    key = pdf_key(prepared.html, prepared.xml)
    pdf = await cache.get(key) if cache is not None else None
    if pdf is None:
        pdf = await lay_out(render, prepared)
        if cache is not None:
            await cache.put(key, pdf)
    return pdf


async def lay_out(render: RenderSession, prepared: PreparedDocument) -> bytes:
    """The PDF layout in a worker: the one step WeasyPrint runs (and a cache hit skips)."""
    return await render.run(pdf_in_worker, prepared, render.renderer.limits.max_pages)


async def template_problem(
    renderer: DocumentRenderer,
    organization_id: uuid.UUID,
    source: TemplateSource,
    kind: DocumentKind,
) -> DocumentError | None:
    """TEMPLATE_ERROR (or a render refusal) when `source` fails on any validation sample."""
    try:
        async with renderer.session(organization_id) as render:
            await render.run(check_template_in_worker, source, kind)
    except RenderRefusedError as refused:
        return refused.error
    except TemplateRenderError as error:
        return document_error(DocumentErrorCode.TEMPLATE_ERROR, error.message, "html", error.line)
    return None
