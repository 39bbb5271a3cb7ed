"""All SQL of the documents domain; every query names the organisation."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from financial_subgraph.documents.models import DocumentTemplate, SellerProfile
from service_runtime.repository import Repository


class TemplateRepository(Repository[DocumentTemplate]):
    model = DocumentTemplate

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID
    ) -> DocumentTemplate | None:
        statement = select(DocumentTemplate).where(
            DocumentTemplate.organization_id == organization_id, DocumentTemplate.id == id_
        )
        row: DocumentTemplate | None = await self.session.scalar(statement)
        return row

    async def listed(
        self, organization_id: uuid.UUID, kind: str | None = None
    ) -> list[DocumentTemplate]:
        """By kind, then name."""
        statement = select(DocumentTemplate).where(
            DocumentTemplate.organization_id == organization_id
        )
        if kind is not None:
            statement = statement.where(DocumentTemplate.kind == kind)
        statement = statement.order_by(DocumentTemplate.kind, DocumentTemplate.name)
        return list((await self.session.scalars(statement)).all())

    async def default_for(self, organization_id: uuid.UUID, kind: str) -> DocumentTemplate | None:
        statement = select(DocumentTemplate).where(
            DocumentTemplate.organization_id == organization_id,
            DocumentTemplate.kind == kind,
            DocumentTemplate.is_default.is_(True),
        )
        row: DocumentTemplate | None = await self.session.scalar(statement)
        return row

    async def name_taken(
        self, organization_id: uuid.UUID, kind: str, name: str, except_id: uuid.UUID | None
    ) -> bool:
        statement = select(DocumentTemplate.id).where(
            DocumentTemplate.organization_id == organization_id,
            DocumentTemplate.kind == kind,
            DocumentTemplate.name == name,
        )
        if except_id is not None:
            statement = statement.where(DocumentTemplate.id != except_id)
        return (await self.session.scalar(statement.limit(1))) is not None

    async def clear_default(
        self, organization_id: uuid.UUID, kind: str, except_id: uuid.UUID | None
    ) -> None:
        """No template of `kind` is the default any more (but `except_id`)."""
        statement = (
            update(DocumentTemplate)
            .where(
                DocumentTemplate.organization_id == organization_id,
                DocumentTemplate.kind == kind,
                DocumentTemplate.is_default.is_(True),
            )
            .values(is_default=False)
        )
        if except_id is not None:
            statement = statement.where(DocumentTemplate.id != except_id)
        await self.session.execute(statement.execution_options(synchronize_session="fetch"))

    async def delete(self, row: DocumentTemplate) -> None:
        await self.session.delete(row)
        await self.session.flush()


class SellerProfileRepository(Repository[SellerProfile]):
    model = SellerProfile

    async def of(self, organization_id: uuid.UUID) -> SellerProfile | None:
        statement = select(SellerProfile).where(SellerProfile.organization_id == organization_id)
        row: SellerProfile | None = await self.session.scalar(statement)
        return row
