"""previewDocumentTemplate: sample data through an unsaved (or the built-in) template."""

from __future__ import annotations

import uuid

from ..conftest import GraphQL, TokenFactory
from .conftest import PREVIEW, SELLER_INPUT, UPDATE_SELLER, decoded, pdf_text


async def test_the_builtin_preview_shows_the_organisations_seller(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, role="admin")
    await gql(UPDATE_SELLER, bearer=admin, input=SELLER_INPUT)
    body = await gql(PREVIEW, bearer=admin, input={})
    text = pdf_text(decoded(body["data"]["previewDocumentTemplate"]))
    assert "Lovelace Analytics GmbH" in text
    assert "Sample Client GmbH" in text
    assert "Total €1,570.80" in text


async def test_an_unsaved_template_previews_as_html_or_reports_its_error(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, role="admin")
    html = "<p>{{ labels.total }}: {{ totals.total }}</p>"
    page = {"html": html, "format": "HTML", "language": "de", "draft": True}
    body = await gql(PREVIEW, bearer=admin, input=page)
    rendered = decoded(body["data"]["previewDocumentTemplate"]).decode()
    assert "Gesamt: 1.570,80\xa0€" in rendered
    assert "ENTWURF" in rendered
    broken = await gql(PREVIEW, bearer=admin, input={"html": "{% if %}"})
    assert broken["data"]["previewDocumentTemplate"]["code"] == "TEMPLATE_ERROR"
    bad_colour = await gql(PREVIEW, bearer=admin, input={"branding": {"primaryColor": "x"}})
    assert bad_colour["data"]["previewDocumentTemplate"]["code"] == "INVALID_COLOR"


async def test_members_cannot_preview(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    body = await gql(PREVIEW, bearer=token_for(org_a), input={})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
