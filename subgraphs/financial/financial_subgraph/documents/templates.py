"""Template rules: validated on save (a template that does not render is never stored), one
default per kind, and which template a document renders with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.documents import validation as check
from financial_subgraph.documents.document_files import template_problem
from financial_subgraph.documents.errors import (
    DocumentError,
    DocumentErrorCode,
    document_error,
    invalid,
)
from financial_subgraph.documents.html import MAX_CSS_CHARS, TemplateSource, default_template
from financial_subgraph.documents.models import DocumentTemplate
from financial_subgraph.documents.render.renderer import DocumentRenderer
from financial_subgraph.documents.repository import TemplateRepository
from financial_subgraph.documents.template_context import Branding
from financial_subgraph.documents.view import DocumentKind


@dataclass(frozen=True)
class TemplateData:
    name: str
    kind: DocumentKind
    html: str
    css: str = ""
    is_default: bool = False
    primary_color: str | None = None
    logo_data_uri: str | None = None
    footer_text: str | None = None

    def source(self) -> TemplateSource:
        branding = Branding(self.primary_color, self.logo_data_uri, self.footer_text)
        return TemplateSource(html=self.html, css=self.css, branding=branding)


def template_not_found() -> DocumentError:
    return document_error(DocumentErrorCode.TEMPLATE_NOT_FOUND, "No such document template.")


def check_branding(branding: Branding) -> DocumentError | None:
    return check.first_error(
        check.check_color("primaryColor", branding.primary_color),
        check.check_logo("logoDataUri", branding.logo_data_uri),
        check.check_texts({"footerText": branding.footer_text}),
    )


def validate(data: TemplateData) -> TemplateData | DocumentError:
    error = check.check_name("name", data.name) or check_branding(data.source().branding)
    if error is None and len(data.css) > MAX_CSS_CHARS:
        error = invalid("css", f"CSS is limited to {MAX_CSS_CHARS} characters.")
    return error or replace(data, name=data.name.strip())


async def save_template(
    session: AsyncSession,
    renderer: DocumentRenderer,
    organization_id: uuid.UUID,
    data: TemplateData,
    template_id: uuid.UUID | None = None,
) -> DocumentTemplate | DocumentError:
    """Create (no id) or replace a template, once it renders every sample of its kind (in a
    render worker, within the organisation's render slot)."""
    valid = validate(data)
    if isinstance(valid, DocumentError):
        return valid
    templates = TemplateRepository(session, organization_id)
    row = None
    if template_id is not None:
        row = await templates.get(template_id)
        if row is None:
            return template_not_found()
    kind = valid.kind.value
    if await templates.name_taken(kind, valid.name, template_id):
        message = f"A {kind} template named {valid.name!r} exists already."
        return document_error(DocumentErrorCode.DUPLICATE_TEMPLATE_NAME, message, "name")
    problem = await template_problem(renderer, organization_id, valid.source(), valid.kind)
    if problem is not None:
        return problem
    if valid.is_default:
        await templates.clear_default(kind, template_id)
    if row is None:
        row = DocumentTemplate(organization_id=organization_id)
        session.add(row)
    row.name, row.kind, row.html, row.css = valid.name, kind, valid.html, valid.css
    row.is_default = valid.is_default
    row.primary_color, row.footer_text = valid.primary_color, valid.footer_text
    row.logo_data_uri = valid.logo_data_uri
    await session.flush()
    return row


async def delete_template(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID
) -> DocumentTemplate | DocumentError:
    templates = TemplateRepository(session, organization_id)
    row = await templates.get(template_id)
    if row is None:
        return template_not_found()
    await templates.delete(row)
    return row


def source_of(row: DocumentTemplate) -> TemplateSource:
    branding = Branding(row.primary_color, row.logo_data_uri, row.footer_text)
    return TemplateSource(html=row.html, css=row.css, branding=branding)


async def template_for(
    session: AsyncSession,
    organization_id: uuid.UUID,
    kind: DocumentKind,
    template_id: uuid.UUID | None = None,
) -> TemplateSource | DocumentError:
    """The named template, else the organisation's default for `kind`, else the built-in."""
    templates = TemplateRepository(session, organization_id)
    if template_id is not None:
        row = await templates.get(template_id)
        if row is None:
            return template_not_found()
        if row.kind != kind.value:
            message = f"The template is for {row.kind} documents, not {kind.value}."
            return document_error(DocumentErrorCode.TEMPLATE_KIND_MISMATCH, message, "templateId")
        return source_of(row)
    row = await templates.default_for(kind.value)
    # The built-in shows the seller profile's logo (template_context falls back to it).
    return source_of(row) if row is not None else default_template()


async def templates_of(
    session: AsyncSession, organization_id: uuid.UUID, kind: str | None
) -> list[DocumentTemplate]:
    """The organisation's templates by kind, then name."""
    return await TemplateRepository(session, organization_id).listed(kind)
