"""saveDocumentTemplate, deleteDocumentTemplate, documentTemplates: validated before stored."""

from __future__ import annotations

import uuid

import pytest

from ..conftest import GraphQL, TokenFactory
from .conftest import DELETE_TEMPLATE, PNG_DATA_URI, SAVE_TEMPLATE, TEMPLATES, template_input


async def _save(gql: GraphQL, bearer: str, **fields: object) -> dict[str, object]:
    body = await gql(SAVE_TEMPLATE, bearer=bearer, input=template_input(**fields))  # type: ignore[arg-type]
    return dict(body["data"]["saveDocumentTemplate"])


async def _listed(gql: GraphQL, bearer: str, kind: str | None = None) -> list[dict[str, object]]:
    body = await gql(TEMPLATES, bearer=bearer, kind=kind)
    return list(body["data"]["documentTemplates"])


async def test_a_template_is_saved_with_its_branding_and_listed(gql: GraphQL, admin: str) -> None:
    branding = {"primaryColor": "#AA0033", "logoDataUri": PNG_DATA_URI, "footerText": "Reg 1"}
    saved = await _save(gql, admin, name="  Branded ", css="h1 { color: red }", branding=branding)
    assert saved["__typename"] == "DocumentTemplatePayload"
    template = saved["template"]
    assert template["name"] == "Branded"  # type: ignore[index]
    assert template["branding"] == branding  # type: ignore[index]
    assert await _listed(gql, admin) == [template]
    assert await _listed(gql, admin, kind="QUOTE") == []


@pytest.mark.parametrize(
    ("html", "line", "fragment"),
    [
        ("<p>\n{{ buyer.name }\n</p>", 2, "Syntax error"),
        ("<p>\n\n{{ buyr.name }}</p>", 3, "buyr"),
        ("{{ buyer.__class__.__mro__ }}", 1, "unsafe"),
        # Breaks only on the bare sample (no lines): still caught on save.
        ("{% if not lines %}{{ 1 // 0 }}{% endif %}", 1, "ZeroDivisionError"),
        ("{{ seller.bank.iban }}", 1, "UndefinedError"),
    ],
)
async def test_a_template_that_does_not_render_is_refused_and_not_stored(
    gql: GraphQL, admin: str, html: str, line: int, fragment: str
) -> None:
    saved = await _save(gql, admin, html=html)
    assert saved["__typename"] == "DocumentError"
    assert (saved["code"], saved["field"], saved["line"]) == ("TEMPLATE_ERROR", "html", line)
    assert fragment in str(saved["message"])
    assert await _listed(gql, admin) == []


async def test_one_default_per_kind(gql: GraphQL, admin: str) -> None:
    first = (await _save(gql, admin, name="A", isDefault=True))["template"]
    await _save(gql, admin, name="Q", kind="QUOTE", isDefault=True)
    second = (await _save(gql, admin, name="B", isDefault=True))["template"]
    defaults = {(t["kind"], t["name"]): t["isDefault"] for t in await _listed(gql, admin)}
    assert defaults == {("INVOICE", "A"): False, ("INVOICE", "B"): True, ("QUOTE", "Q"): True}
    assert first["id"] != second["id"]  # type: ignore[index]


async def test_saving_with_an_id_replaces_and_names_stay_unique(gql: GraphQL, admin: str) -> None:
    first = (await _save(gql, admin, name="A"))["template"]
    await _save(gql, admin, name="B")
    taken = await _save(gql, admin, name="B")
    assert (taken["code"], taken["field"]) == ("DUPLICATE_TEMPLATE_NAME", "name")
    replaced = await _save(gql, admin, id=first["id"], name="A2", html="<p>{{ totals.total }}</p>")  # type: ignore[index]
    assert replaced["template"]["id"] == first["id"]  # type: ignore[index]
    assert replaced["template"]["html"] == "<p>{{ totals.total }}</p>"  # type: ignore[index]
    broken = await _save(gql, admin, id=first["id"], name="A2", html="{{ nope }}")  # type: ignore[index]
    assert broken["code"] == "TEMPLATE_ERROR"
    names = [t["name"] for t in await _listed(gql, admin)]
    assert names == ["A2", "B"]


@pytest.mark.parametrize(
    ("branding", "code", "field"),
    [
        ({"primaryColor": "red"}, "INVALID_COLOR", "primaryColor"),
        ({"logoDataUri": "https://example.com/logo.png"}, "INVALID_LOGO", "logoDataUri"),
        ({"logoDataUri": "data:image/png;base64,@@@"}, "INVALID_LOGO", "logoDataUri"),
        ({"footerText": "x" * 501}, "INVALID_INPUT", "footerText"),
    ],
)
async def test_bad_branding_is_a_typed_error(
    gql: GraphQL, admin: str, branding: dict[str, str], code: str, field: str
) -> None:
    saved = await _save(gql, admin, branding=branding)
    assert (saved["code"], saved["field"]) == (code, field)


async def test_oversized_css_is_refused(gql: GraphQL, admin: str) -> None:
    saved = await _save(gql, admin, css="p {}" * 50_001)
    assert (saved["code"], saved["field"]) == ("INVALID_INPUT", "css")


async def test_delete_and_unknown_ids(gql: GraphQL, admin: str) -> None:
    template = (await _save(gql, admin))["template"]
    deleted = await gql(DELETE_TEMPLATE, bearer=admin, id=template["id"])  # type: ignore[index]
    assert deleted["data"]["deleteDocumentTemplate"] == {
        "__typename": "DeleteDocumentTemplatePayload",
        "id": template["id"],  # type: ignore[index]
    }
    again = await gql(DELETE_TEMPLATE, bearer=admin, id=template["id"])  # type: ignore[index]
    assert again["data"]["deleteDocumentTemplate"]["code"] == "TEMPLATE_NOT_FOUND"
    missing = await _save(gql, admin, id=str(uuid.uuid4()))
    assert missing["code"] == "TEMPLATE_NOT_FOUND"


async def test_members_cannot_save_templates_but_can_list_them(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    body = await gql(SAVE_TEMPLATE, bearer=token_for(org_a), input=template_input())
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await _listed(gql, token_for(org_a, role="viewer")) == []


async def test_templates_stay_inside_their_organisation(
    gql: GraphQL, admin: str, token_for: TokenFactory, org_b: uuid.UUID
) -> None:
    template = (await _save(gql, admin, name="Ours"))["template"]
    other = token_for(org_b, role="admin")
    assert await _listed(gql, other) == []
    overwrite = await _save(gql, other, id=template["id"], name="Theirs")  # type: ignore[index]
    assert overwrite["code"] == "TEMPLATE_NOT_FOUND"
    deleted = await gql(DELETE_TEMPLATE, bearer=other, id=template["id"])  # type: ignore[index]
    assert deleted["data"]["deleteDocumentTemplate"]["code"] == "TEMPLATE_NOT_FOUND"
    assert [t["name"] for t in await _listed(gql, admin)] == ["Ours"]
