"""documentTemplates, sellerProfile, previewDocumentTemplate and invoicePdf."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.documents.cache import PdfCache
from financial_subgraph.documents.document_files import render_document
from financial_subgraph.documents.errors import DocumentError
from financial_subgraph.documents.inputs import NO_BRANDING, PreviewDocumentTemplateInput
from financial_subgraph.documents.output import RenderedFile
from financial_subgraph.documents.preview import preview_document
from financial_subgraph.documents.render.renderer import renderer_of
from financial_subgraph.documents.rendering import invoice_not_found, load_invoice_document
from financial_subgraph.documents.seller import seller_profile_of
from financial_subgraph.documents.templates import template_not_found, templates_of
from financial_subgraph.documents.types import (
    DocumentFormat,
    DocumentTemplate,
    RenderedDocument,
    SellerProfile,
)
from financial_subgraph.documents.view import DocumentKind
from financial_subgraph.invoice.types import InvoiceKind
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import reading

RenderDocumentResult = Annotated[
    RenderedDocument | DocumentError, strawberry.union("RenderDocumentResult")
]


@strawberry.type
class DocumentQuery:
    @strawberry.field(
        extensions=SCOPES.read, description="The organisation's templates by kind, name."
    )
    async def document_templates(
        self, info: Info, kind: InvoiceKind | None = None
    ) -> list[DocumentTemplate]:
        async with reading(info) as work:
            rows = await templates_of(
                work.session, work.organization_id, kind.value if kind else None
            )
            return [DocumentTemplate.from_row(row) for row in rows]

    @strawberry.field(extensions=SCOPES.read, description="Null until an admin sets it.")
    async def seller_profile(self, info: Info) -> SellerProfile | None:
        async with reading(info) as work:
            row = await seller_profile_of(work.session, work.organization_id)
            return SellerProfile.from_row(row) if row else None

    @strawberry.field(
        extensions=SCOPES.admin,
        description="Render a template (unsaved, or the built-in) on sample data.",
    )
    async def preview_document_template(
        self, info: Info, input: PreviewDocumentTemplateInput
    ) -> RenderDocumentResult:
        # The rows are read in a short session; rendering (seconds, in a worker) holds none.
        async with reading(info) as work:
            seller = await seller_profile_of(work.session, work.organization_id)
        document = preview_document(
            DocumentKind(input.kind.value),
            input.html,
            input.css,
            (input.branding or NO_BRANDING).to_branding(),
            language=input.language,
            draft=input.draft,
            seller=seller,
        )
        if isinstance(document, DocumentError):
            return document
        output, cache = input.format.to_output(), PdfCache(info.context.redis)
        renderer, organization_id = renderer_of(info), work.organization_id
        return _result(await render_document(renderer, organization_id, document, output, cache))

    @strawberry.field(
        extensions=SCOPES.read,
        description="An invoice, quote or credit note as a file: drafts carry a DRAFT mark"
        " and no number; FACTURX needs an issued invoice or credit note.",
    )
    async def invoice_pdf(
        self,
        info: Info,
        id: strawberry.ID,
        format: DocumentFormat = DocumentFormat.PDF,
        template_id: strawberry.ID | None = None,
    ) -> RenderDocumentResult:
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return invoice_not_found()
        chosen: uuid.UUID | None = None
        if template_id is not None:
            chosen = parse_uuid(template_id)
            if chosen is None:
                return template_not_found()
        today = datetime.now(UTC).date()
        async with reading(info) as work:
            document = await load_invoice_document(
                work.session, work.organization_id, invoice_id, today=today, template_id=chosen
            )
        if isinstance(document, DocumentError):
            return document
        output, cache = format.to_output(), PdfCache(info.context.redis)
        renderer, organization_id = renderer_of(info), work.organization_id
        return _result(await render_document(renderer, organization_id, document, output, cache))


def _result(outcome: RenderedFile | DocumentError) -> RenderedDocument | DocumentError:
    if isinstance(outcome, DocumentError):
        return outcome
    return RenderedDocument.from_file(outcome)
