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
from financial_subgraph.documents.renderer import renderer_of
from financial_subgraph.documents.rendering import invoice_not_found, load_invoice_document
from financial_subgraph.documents.repository import SellerProfileRepository, TemplateRepository
from financial_subgraph.documents.templates import template_not_found
from financial_subgraph.documents.types import (
    DocumentFormat,
    DocumentTemplate,
    RenderedDocument,
    SellerProfile,
)
from financial_subgraph.documents.view import DocumentKind
from financial_subgraph.invoice.types import InvoiceKind
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

RenderDocumentResult = Annotated[
    RenderedDocument | DocumentError, strawberry.union("RenderDocumentResult")
]
READ = requires_scopes(["financial:read"])


@strawberry.type
class DocumentQuery:
    @strawberry.field(extensions=READ, description="The organisation's templates by kind, name.")
    async def document_templates(
        self, info: Info, kind: InvoiceKind | None = None
    ) -> list[DocumentTemplate]:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            rows = await TemplateRepository(session).listed(
                organization_id, kind.value if kind else None
            )
            return [DocumentTemplate.from_row(row) for row in rows]

    @strawberry.field(extensions=READ, description="Null until an admin sets it.")
    async def seller_profile(self, info: Info) -> SellerProfile | None:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            row = await SellerProfileRepository(session).of(organization_id)
            return SellerProfile.from_row(row) if row else None

    @strawberry.field(
        extensions=requires_scopes(["financial:admin"]),
        description="Render a template (unsaved, or the built-in) on sample data.",
    )
    async def preview_document_template(
        self, info: Info, input: PreviewDocumentTemplateInput
    ) -> RenderDocumentResult:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            seller = await SellerProfileRepository(session).of(organization_id)
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
        renderer = renderer_of(info)
        return _result(await render_document(renderer, organization_id, document, output, cache))

    @strawberry.field(
        extensions=READ,
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
        organization_id = organization_of(info.context.principal)
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return invoice_not_found()
        chosen: uuid.UUID | None = None
        if template_id is not None:
            chosen = parse_uuid(template_id)
            if chosen is None:
                return template_not_found()
        today = datetime.now(UTC).date()
        async with info.context.database.read(organization_id=organization_id) as session:
            document = await load_invoice_document(
                session, organization_id, invoice_id, today=today, template_id=chosen
            )
        if isinstance(document, DocumentError):
            return document
        output, cache = format.to_output(), PdfCache(info.context.redis)
        renderer = renderer_of(info)
        return _result(await render_document(renderer, organization_id, document, output, cache))


def _result(outcome: RenderedFile | DocumentError) -> RenderedDocument | DocumentError:
    if isinstance(outcome, DocumentError):
        return outcome
    return RenderedDocument.from_file(outcome)
