"""All SQL of the documents domain; every query names the organisation."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from financial_subgraph.documents.models import DocumentTemplate, SellerProfile
from service_runtime.repository import TenantRepository


class TemplateRepository(TenantRepository[DocumentTemplate]):
    """The organisation's document templates."""

    model = DocumentTemplate

    async def listed(self, kind: str | None = None) -> list[DocumentTemplate]:
        """By kind, then name."""
        statement = self.scoped()
        if kind is not None:
            statement = statement.where(DocumentTemplate.kind == kind)
        statement = statement.order_by(DocumentTemplate.kind, DocumentTemplate.name)
        return list((await self.session.scalars(statement)).all())

    async def default_for(self, kind: str) -> DocumentTemplate | None:
        statement = self.scoped().where(
            DocumentTemplate.kind == kind, DocumentTemplate.is_default.is_(True)
        )
        row: DocumentTemplate | None = await self.session.scalar(statement)
        return row

    async def name_taken(self, kind: str, name: str, except_id: uuid.UUID | None) -> bool:
        statement = self.scoped().where(
            DocumentTemplate.kind == kind, DocumentTemplate.name == name
        )
        if except_id is not None:
            statement = statement.where(DocumentTemplate.id != except_id)
        return (await self.session.scalar(statement.limit(1))) is not None

    async def clear_default(self, kind: str, except_id: uuid.UUID | None) -> None:
        """No template of `kind` is the default any more (but `except_id`)."""
        statement = (
            update(DocumentTemplate)
            .where(
                DocumentTemplate.organization_id == self.organization_id,
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


class SellerProfileRepository(TenantRepository[SellerProfile]):
    """The organisation's one seller profile (its details on documents)."""

    model = SellerProfile

    async def of_organization(self) -> SellerProfile | None:
        row: SellerProfile | None = await self.session.scalar(self.scoped())
        return row
