"""saveDocumentTemplate, deleteDocumentTemplate and updateSellerProfile (admins only)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.documents import seller, templates
from financial_subgraph.documents.errors import DocumentError
from financial_subgraph.documents.inputs import SaveDocumentTemplateInput, SellerProfileInput
from financial_subgraph.documents.renderer import renderer_of
from financial_subgraph.documents.types import (
    DeleteDocumentTemplatePayload,
    DocumentTemplate,
    DocumentTemplatePayload,
    SellerProfile,
    SellerProfilePayload,
)
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

SaveDocumentTemplateResult = Annotated[
    DocumentTemplatePayload | DocumentError, strawberry.union("SaveDocumentTemplateResult")
]
DeleteDocumentTemplateResult = Annotated[
    DeleteDocumentTemplatePayload | DocumentError, strawberry.union("DeleteDocumentTemplateResult")
]
UpdateSellerProfileResult = Annotated[
    SellerProfilePayload | DocumentError, strawberry.union("UpdateSellerProfileResult")
]

ADMIN = requires_scopes(["financial:admin"])


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(
        extensions=ADMIN,
        description="Create or replace a template. It is rendered on sample documents first;"
        " one that fails is refused with TEMPLATE_ERROR and never stored.",
    )
    async def save_document_template(
        self, info: Info, input: SaveDocumentTemplateInput
    ) -> SaveDocumentTemplateResult:
        organization_id = organization_of(info.context.principal)
        template_id = None
        if input.id is not None:
            template_id = parse_uuid(input.id)
            if template_id is None:
                return templates.template_not_found()
        async with info.context.database.write(organization_id=organization_id) as session:
            outcome = await templates.save_template(
                session, renderer_of(info), organization_id, input.to_data(), template_id
            )
            if isinstance(outcome, DocumentError):
                return outcome
            return DocumentTemplatePayload(template=DocumentTemplate.from_row(outcome))

    @strawberry.mutation(extensions=ADMIN, description="Documents fall back to the built-in.")
    async def delete_document_template(
        self, info: Info, id: strawberry.ID
    ) -> DeleteDocumentTemplateResult:
        organization_id = organization_of(info.context.principal)
        template_id = parse_uuid(id)
        if template_id is None:
            return templates.template_not_found()
        async with info.context.database.write(organization_id=organization_id) as session:
            outcome = await templates.delete_template(session, organization_id, template_id)
            if isinstance(outcome, DocumentError):
                return outcome
            return DeleteDocumentTemplatePayload(id=id)

    @strawberry.mutation(extensions=ADMIN, description="Set the seller details of documents.")
    async def update_seller_profile(
        self, info: Info, input: SellerProfileInput
    ) -> UpdateSellerProfileResult:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.write(organization_id=organization_id) as session:
            outcome = await seller.save_seller_profile(session, organization_id, input.to_data())
            if isinstance(outcome, DocumentError):
                return outcome
            return SellerProfilePayload(seller_profile=SellerProfile.from_row(outcome))
