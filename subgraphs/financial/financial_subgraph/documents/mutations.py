"""saveDocumentTemplate, deleteDocumentTemplate and updateSellerProfile (admins only)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.documents import seller, templates
from financial_subgraph.documents.errors import DocumentError
from financial_subgraph.documents.inputs import SaveDocumentTemplateInput, SellerProfileInput
from financial_subgraph.documents.render.renderer import renderer_of
from financial_subgraph.documents.types import (
    DeleteDocumentTemplatePayload,
    DocumentTemplate,
    DocumentTemplatePayload,
    SellerProfile,
    SellerProfilePayload,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import in_transaction, work_of

SaveDocumentTemplateResult = Annotated[
    DocumentTemplatePayload | DocumentError, strawberry.union("SaveDocumentTemplateResult")
]
DeleteDocumentTemplateResult = Annotated[
    DeleteDocumentTemplatePayload | DocumentError, strawberry.union("DeleteDocumentTemplateResult")
]
UpdateSellerProfileResult = Annotated[
    SellerProfilePayload | DocumentError, strawberry.union("UpdateSellerProfileResult")
]


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Create or replace a template. It is rendered on sample documents first;"
        " one that fails is refused with TEMPLATE_ERROR and never stored.",
    )
    async def save_document_template(
        self, info: Info, input: SaveDocumentTemplateInput
    ) -> SaveDocumentTemplateResult:
        template_id = None
        if input.id is not None:
            template_id = parse_uuid(input.id)
            if template_id is None:
                return templates.template_not_found()
        work = work_of(info)
        outcome = await templates.save_template(
            work.session, renderer_of(info), work.organization_id, input.to_data(), template_id
        )
        if isinstance(outcome, DocumentError):
            return outcome
        return DocumentTemplatePayload(template=DocumentTemplate.from_row(outcome))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Documents fall back to the built-in."
    )
    async def delete_document_template(
        self, info: Info, id: strawberry.ID
    ) -> DeleteDocumentTemplateResult:
        template_id = parse_uuid(id)
        if template_id is None:
            return templates.template_not_found()
        work = work_of(info)
        outcome = await templates.delete_template(work.session, work.organization_id, template_id)
        if isinstance(outcome, DocumentError):
            return outcome
        return DeleteDocumentTemplatePayload(id=id)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin), description="Set the seller details of documents."
    )
    async def update_seller_profile(
        self, info: Info, input: SellerProfileInput
    ) -> UpdateSellerProfileResult:
        work = work_of(info)
        outcome = await seller.save_seller_profile(
            work.session, work.organization_id, input.to_data()
        )
        if isinstance(outcome, DocumentError):
            return outcome
        return SellerProfilePayload(seller_profile=SellerProfile.from_row(outcome))
