"""invoicePdf: drafts, issued invoices, quotes and credit notes as PDF and Factur-X."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from lxml import etree

from devstack.factories.financial import create_invoice, record_payment
from financial_subgraph.documents import document_files
from financial_subgraph.documents.formatting import Formatter, resolve_locale
from financial_subgraph.documents.output import PreparedDocument
from financial_subgraph.documents.render.renderer import RenderSession

from ..conftest import GraphQL, TokenFactory, create_client
from .conftest import (
    CREATE_CREDIT_NOTE,
    INVOICE_PDF,
    LINES,
    SAVE_TEMPLATE,
    SELLER_INPUT,
    UPDATE_SELLER,
    attachments,
    decoded,
    issue,
    pdf_text,
    template_input,
)


@dataclass
class Org:
    id: uuid.UUID
    admin: str
    member: str
    viewer: str
    client_id: str


@pytest.fixture
async def org(gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID) -> Org:
    member = token_for(org_a)
    client = await create_client(
        gql,
        member,
        name="Babbage & Söhne KG",
        language="de-AT",
        taxId="ATU13585627",
        billingAddress={"line1": "Ringstraße 1", "city": "Wien", "postalCode": "1010",
                        "country": "AT"},
    )  # fmt: skip
    return Org(org_a, token_for(org_a, "admin"), member, token_for(org_a, "viewer"), client["id"])


async def _render(gql: GraphQL, bearer: str, id: str, **args: object) -> dict[str, object]:
    body = await gql(INVOICE_PDF, bearer=bearer, id=id, **args)  # type: ignore[arg-type]
    return dict(body["data"]["invoicePdf"])


async def test_an_issued_invoice_pdf_holds_number_client_lines_and_totals(
    gql: GraphQL, org: Org
) -> None:
    await gql(UPDATE_SELLER, bearer=org.admin, input=SELLER_INPUT)
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES)
    issued = await issue(gql, org.admin, draft["id"])
    rendered = await _render(gql, org.viewer, issued["id"])
    assert rendered["contentType"] == "application/pdf"
    assert rendered["filename"] == f"invoice-{issued['number']}.pdf"
    text = pdf_text(decoded(rendered))
    german = Formatter(resolve_locale("de-AT"))
    for expected in (
        issued["number"], "Babbage & Söhne KG", "Lovelace Analytics GmbH", "Rechnung",
        "Difference engine design", "Punched cards (box)", "02.03.2026",
        german.money(Decimal("1800"), "EUR"),  # 12 x 150
        german.money(Decimal("53.97"), "EUR"),  # 3 x 19.99 - 10 %
        "Gesamt " + german.money(Decimal(issued["total"]), "EUR"),
        "DE89 3704 0044 0532 0130 00",
    ):  # fmt: skip
        assert " ".join(expected.split()) in text, expected  # extraction turns NBSPs to spaces
    assert "ENTWURF" not in text


async def test_a_draft_renders_with_a_draft_mark_and_no_number(gql: GraphQL, org: Org) -> None:
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES[:1])
    rendered = await _render(gql, org.viewer, draft["id"])
    assert rendered["filename"] == "invoice-draft.pdf"
    text = pdf_text(decoded(rendered))
    assert "ENTWURF" in text  # the client reads German
    assert "Difference engine design" in text
    einvoice = await _render(gql, org.viewer, draft["id"], format="FACTURX")
    assert (einvoice["code"], einvoice["field"]) == ("EINVOICE_UNAVAILABLE", "format")


async def test_facturx_embeds_valid_xml_with_number_totals_and_tax_breakdown(
    gql: GraphQL, org: Org
) -> None:
    await gql(UPDATE_SELLER, bearer=org.admin, input=SELLER_INPUT)
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES)
    issued = await issue(gql, org.admin, draft["id"])
    rendered = await _render(gql, org.viewer, issued["id"], format="FACTURX")
    assert rendered["filename"] == f"invoice-{issued['number']}-facturx.pdf"
    pdf = decoded(rendered)
    [xml] = attachments(pdf)["factur-x.xml"]
    root = etree.fromstring(xml)
    ns = {"ram": root.nsmap["ram"], "rsm": root.nsmap["rsm"]}
    assert root.findtext("rsm:ExchangedDocument/ram:ID", namespaces=ns) == issued["number"]
    assert root.xpath("string(//ram:GrandTotalAmount)", namespaces=ns) == issued["total"]
    rates = root.xpath(
        "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent"
        "/text()",
        namespaces=ns,
    )
    assert rates == ["7", "19"]
    assert issued["number"] in pdf_text(pdf)


async def test_facturx_needs_a_seller_profile(gql: GraphQL, org: Org) -> None:
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES)
    issued = await issue(gql, org.admin, draft["id"])
    refused = await _render(gql, org.viewer, issued["id"], format="FACTURX")
    assert refused["code"] == "EINVOICE_UNAVAILABLE"
    assert "seller" in str(refused["message"])


async def test_quotes_render_but_are_no_einvoice(gql: GraphQL, org: Org) -> None:
    quote = await create_invoice(gql, org.member, org.client_id, "quote", lines=LINES[:1])
    text = pdf_text(decoded(await _render(gql, org.viewer, quote["id"])))
    assert "Angebot" in text
    refused = await _render(gql, org.viewer, quote["id"], format="FACTURX")
    assert refused["code"] == "EINVOICE_UNAVAILABLE"


async def test_a_credit_note_refers_to_its_invoice(gql: GraphQL, org: Org) -> None:
    invoice = await issue(
        gql, org.admin, (await create_invoice(gql, org.member, org.client_id, lines=LINES))["id"]
    )
    body = await gql(CREATE_CREDIT_NOTE, bearer=org.member, input={"invoiceId": invoice["id"]})
    credit = body["data"]["createCreditNote"]["invoice"]
    text = pdf_text(decoded(await _render(gql, org.viewer, credit["id"])))
    assert "Gutschrift" in text
    assert f"Referenz {invoice['number']}" in text


async def test_the_organisations_default_template_and_a_chosen_one_are_used(
    gql: GraphQL, org: Org
) -> None:
    html = "<p>HOUSE STYLE {{ document.number }} for {{ buyer.name }}</p>"
    await gql(SAVE_TEMPLATE, bearer=org.admin, input=template_input(html=html, isDefault=True))
    quote_template = await gql(
        SAVE_TEMPLATE, bearer=org.admin, input=template_input(name="Q", kind="QUOTE")
    )
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES[:1])
    issued = await issue(gql, org.admin, draft["id"])
    text = pdf_text(decoded(await _render(gql, org.viewer, issued["id"])))
    assert f"HOUSE STYLE {issued['number']} for Babbage & Söhne KG" in text
    template_id = quote_template["data"]["saveDocumentTemplate"]["template"]["id"]
    mismatch = await _render(gql, org.viewer, issued["id"], templateId=template_id)
    assert (mismatch["code"], mismatch["field"]) == ("TEMPLATE_KIND_MISMATCH", "templateId")
    html_page = await _render(gql, org.viewer, issued["id"], format="HTML")
    assert html_page["contentType"] == "text/html; charset=utf-8"
    assert "HOUSE STYLE" in decoded(html_page).decode()


async def test_other_organisations_invoices_are_not_found(
    gql: GraphQL, org: Org, token_for: TokenFactory, org_b: uuid.UUID
) -> None:
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES[:1])
    other = await _render(gql, token_for(org_b, "viewer"), draft["id"])
    assert other["code"] == "INVOICE_NOT_FOUND"
    garbage = await _render(gql, org.viewer, "not-an-id")
    assert garbage["code"] == "INVOICE_NOT_FOUND"


async def test_an_unchanged_document_is_laid_out_once_and_a_payment_renders_anew(
    gql: GraphQL, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    layouts: list[str] = []
    original = document_files.lay_out

    async def counted(render: RenderSession, prepared: PreparedDocument) -> bytes:
        layouts.append(prepared.filename)
        return await original(render, prepared)

    monkeypatch.setattr(document_files, "lay_out", counted)
    notes = f"Unique {uuid.uuid4()}"  # no other test renders this very page
    draft = await create_invoice(gql, org.member, org.client_id, lines=LINES, notes=notes)
    issued = await issue(gql, org.admin, draft["id"])
    first = await _render(gql, org.viewer, issued["id"])
    second = await _render(gql, org.viewer, issued["id"])
    assert decoded(first) == decoded(second)
    assert len(layouts) == 1
    paid = await record_payment(gql, org.member, issued["id"], "100.00", "2026-03-10")
    assert paid["__typename"] == "PaymentPayload", paid
    text = pdf_text(decoded(await _render(gql, org.viewer, issued["id"])))
    assert len(layouts) == 2
    assert "Bezahlt \u2212€ 100,00" in text  # the template prints a minus sign
