"""Factur-X (EN 16931): XSD-valid CII XML embedded into a PDF/A-3 as factur-x.xml."""

from __future__ import annotations

import io
import os
from dataclasses import replace
from decimal import Decimal

import drafthorse
import pytest
from lxml import etree
from pypdf import PdfReader

from financial_subgraph.documents.facturx.builder import FacturXUnavailableError, build_xml, embed
from financial_subgraph.documents.html import default_template, render_html
from financial_subgraph.documents.pdf import FACTURX_VARIANT, render_pdf
from financial_subgraph.documents.sample import sample_document
from financial_subgraph.documents.view import DocumentKind, LineTax

from .conftest import attachments, pdf_text

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
SCHEMA = os.path.join(os.path.dirname(drafthorse.__file__), "schema", "Factur-X_1.0.07_EN16931.xsd")


def _xpath(root: etree._Element, path: str) -> list[str]:
    return [node.text for node in root.xpath(path, namespaces=NS)]


def test_the_xml_is_valid_en16931_and_holds_number_totals_and_taxes() -> None:
    xml = build_xml(sample_document(DocumentKind.INVOICE))
    root = etree.fromstring(xml)
    etree.XMLSchema(file=SCHEMA).assertValid(root)
    assert _xpath(root, "//rsm:ExchangedDocument/ram:ID") == ["2026-0042"]
    assert _xpath(root, "//rsm:ExchangedDocument/ram:TypeCode") == ["380"]
    summation = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    assert _xpath(root, summation + "LineTotalAmount") == ["1320.00"]
    assert _xpath(root, summation + "TaxBasisTotalAmount") == ["1320.00"]
    assert _xpath(root, summation + "TaxTotalAmount") == ["250.80"]
    assert _xpath(root, summation + "GrandTotalAmount") == ["1570.80"]
    assert _xpath(root, summation + "DuePayableAmount") == ["1070.80"]
    breakdown = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:"
    assert _xpath(root, breakdown + "BasisAmount") == ["1320.00"]
    assert _xpath(root, breakdown + "CalculatedAmount") == ["250.80"]
    assert _xpath(root, breakdown + "CategoryCode") == ["S"]
    assert _xpath(root, "//ram:BuyerTradeParty/ram:Name") == ["Sample Client GmbH"]
    assert _xpath(root, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == [
        "DE89370400440532013000"
    ]


def test_two_rates_give_two_breakdown_rows_and_credit_notes_type_381() -> None:
    view = sample_document(DocumentKind.CREDIT_NOTE)
    reduced = (LineTax("VAT", Decimal(7), Decimal("16.80")),)
    lines = (view.lines[0], replace(view.lines[1], taxes=reduced))
    root = etree.fromstring(build_xml(replace(view, lines=lines)))
    assert _xpath(root, "//rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    breakdown = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:"
    assert _xpath(root, breakdown + "RateApplicablePercent") == ["7", "19"]
    assert _xpath(root, breakdown + "CalculatedAmount") == ["16.80", "205.20"]


def test_the_facturx_pdf_embeds_the_xml_and_keeps_the_text() -> None:
    view = sample_document(DocumentKind.INVOICE)
    xml = build_xml(view)
    pdf = render_pdf(render_html(view, default_template()), pdf_variant=FACTURX_VARIANT)
    result = embed(pdf, xml, view.language)
    assert attachments(result)["factur-x.xml"] == [xml]
    assert "2026-0042" in pdf_text(result)
    metadata = PdfReader(io.BytesIO(result)).root_object["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in metadata
    assert b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in metadata
    assert b"<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in metadata


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": DocumentKind.QUOTE}, "Only invoices"),
        ({"is_draft": True, "number": None}, "draft"),
        ({"is_void": True}, "void"),
    ],
)
def test_documents_that_are_not_payable_invoices_are_refused(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(FacturXUnavailableError, match=message):
        build_xml(replace(sample_document(DocumentKind.INVOICE), **change))  # type: ignore[arg-type]


def test_a_line_with_two_taxes_is_refused() -> None:
    view = sample_document(DocumentKind.INVOICE)
    two = (LineTax("VAT", Decimal(19), Decimal(1)), LineTax("Levy", Decimal(1), Decimal(1)))
    with pytest.raises(FacturXUnavailableError, match="several taxes"):
        build_xml(replace(view, lines=(replace(view.lines[0], taxes=two),)))


def test_a_buyer_without_a_country_is_refused() -> None:
    view = sample_document(DocumentKind.INVOICE)
    buyer = replace(view.buyer, address=replace(view.buyer.address, country=None))
    with pytest.raises(FacturXUnavailableError, match="country"):
        build_xml(replace(view, buyer=buyer))


def test_a_credit_note_references_its_invoice_and_an_invoice_its_buyer_reference() -> None:
    credit = etree.fromstring(build_xml(sample_document(DocumentKind.CREDIT_NOTE)))
    assert _xpath(credit, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["PO-7781"]
    assert _xpath(credit, "//ram:BuyerReference") == []
    invoice = etree.fromstring(build_xml(sample_document(DocumentKind.INVOICE)))
    assert _xpath(invoice, "//ram:BuyerReference") == ["PO-7781"]
