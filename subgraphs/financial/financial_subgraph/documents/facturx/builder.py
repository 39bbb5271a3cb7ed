"""Factur-X / ZUGFeRD 2 e-invoices (EN 16931 profile): the CII XML built with drafthorse's
models (validated against its bundled XSD on serialisation) and embedded into a PDF/A-3.

EN 16931 knows one VAT rate per line, so a line carrying several taxes (or a compound tax)
cannot be expressed: such documents are refused (FacturXUnavailableError) rather than exported as
an e-invoice a receiver would reject. Drafts and quotes are not invoices and are refused too.
"""

from __future__ import annotations

from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.trade import TradeSettlement
from drafthorse.models.tradelines import LineItem
from drafthorse.pdf import attach_xml

from financial_subgraph.currency.money import quantize
from financial_subgraph.documents.errors import FacturXUnavailableError
from financial_subgraph.documents.facturx.parts import (
    category_amounts,
    fill_party,
    line_category,
    unit_code,
)
from financial_subgraph.documents.view import DocumentKind, DocumentLine, DocumentView

PROFILE_URN = "urn:cen.eu:en16931:2017"
SCHEMA = "FACTUR-X_EN16931"
LEVEL = "EN 16931"
TYPE_CODES = {DocumentKind.INVOICE: "380", DocumentKind.CREDIT_NOTE: "381"}
SEPA_CREDIT_TRANSFER = "58"
UNSPECIFIED_MEANS = "1"
# Categories EN 16931 wants a written exemption reason for (BR-E-10, BR-O-10, BR-Z has none).
EXEMPT_REASONS = {"E": "Exempt from VAT", "O": "Not subject to VAT", "AE": "Reverse charge"}

__all__ = ["FacturXUnavailableError", "build_xml", "embed"]


def build_xml(view: DocumentView) -> bytes:
    """The EN 16931 CII XML of an issued invoice or credit note, validated against the XSD."""
    if view.kind not in TYPE_CODES:
        raise FacturXUnavailableError("Only invoices and credit notes are e-invoices.")
    if view.is_draft or view.number is None:
        raise FacturXUnavailableError("A draft has no number yet; issue it first.")
    if view.is_void:
        raise FacturXUnavailableError("A void document is not exported as an e-invoice.")
    document = Document()
    document.context.guideline_parameter.id = PROFILE_URN
    document.header.id = view.number
    document.header.type_code = TYPE_CODES[view.kind]
    document.header.issue_date_time = view.issue_date
    if view.notes:
        note = IncludedNote()
        note.content = view.notes
        document.header.notes.add(note)
    fill_party(document.trade.agreement.seller, view.seller)
    fill_party(document.trade.agreement.buyer, view.buyer)
    if view.reference and view.kind is DocumentKind.CREDIT_NOTE:
        # BT-25: the invoice this credit note corrects.
        document.trade.settlement.invoice_referenced_document.issuer_assigned_id = view.reference
    elif view.reference:
        document.trade.agreement.buyer_reference = view.reference  # BT-10
    for line in view.lines:
        document.trade.items.add(_line_item(line, view.currency, bool(view.seller.tax_id)))
    _settlement(document.trade.settlement, view)
    xml: bytes = document.serialize(schema=SCHEMA)
    return xml


def embed(pdf: bytes, xml: bytes, language: str) -> bytes:
    """`pdf` (PDF/A-3) with `xml` attached as factur-x.xml and the Factur-X XMP metadata."""
    result: bytes = attach_xml(pdf, xml, level=LEVEL, lang=language)
    return result


def _line_item(line: DocumentLine, currency: str, seller_has_vat_id: bool) -> LineItem:
    item = LineItem()
    item.document.line_id = str(line.position)
    item.product.name = line.description
    unit = unit_code(line.unit)
    # The net price per `quantity` units, so quantity x price is exactly the line's net amount
    # whatever the division would round to (EN 16931 BT-149, item price base quantity).
    item.agreement.net.amount = quantize(line.net_amount, currency)
    item.agreement.net.basis_quantity = (line.quantity, unit)
    item.delivery.billed_quantity = (line.quantity, unit)
    category, rate = line_category(line, seller_has_vat_id)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = category
    item.settlement.trade_tax.rate_applicable_percent = rate
    item.settlement.monetary_summation.total_amount = quantize(line.net_amount, currency)
    return item


def _settlement(settlement: TradeSettlement, view: DocumentView) -> None:
    currency = view.currency
    settlement.currency_code = currency
    settlement.payment_means.add(_payment_means(view))
    settlement.payment_reference = view.number
    for row in _breakdown(view):
        settlement.trade_tax.add(row)
    if view.due_date is not None or view.payment_terms:
        terms = PaymentTerms()
        if view.payment_terms:
            terms.description = view.payment_terms
        if view.due_date is not None:
            terms.due = view.due_date
        settlement.terms.add(terms)
    totals = view.totals

    def money(amount: Decimal) -> Decimal:
        return quantize(amount, currency)

    summation = settlement.monetary_summation
    summation.line_total = money(sum((line.net_amount for line in view.lines), Decimal(0)))
    summation.charge_total = money(Decimal(0))
    # The document discount is inside the line nets (see category_amounts), not an allowance.
    summation.allowance_total = money(Decimal(0))
    summation.tax_basis_total = money(totals.net)
    summation.tax_total = (money(totals.tax), currency)
    summation.grand_total = money(totals.total)
    summation.prepaid_total = money(totals.paid)
    summation.due_amount = money(totals.balance_due)


def _payment_means(view: DocumentView) -> PaymentMeans:
    means = PaymentMeans()
    bank = view.seller.bank
    if bank is None:
        means.type_code = UNSPECIFIED_MEANS
        return means
    means.type_code = SEPA_CREDIT_TRANSFER
    means.payee_account.iban = bank.iban.replace(" ", "")
    if bank.account_holder:
        means.payee_account.account_name = bank.account_holder
    if bank.bic:
        means.payee_institution.bic = bank.bic
    return means


def _breakdown(view: DocumentView) -> list[ApplicableTradeTax]:
    """One VAT breakdown row per (category, rate), as EN 16931 requires (BG-23)."""
    rows = []
    for group in category_amounts(view):
        tax = ApplicableTradeTax()
        tax.calculated_amount = quantize(group.tax, view.currency)
        tax.type_code = "VAT"
        tax.basis_amount = quantize(group.basis, view.currency)
        tax.category_code = group.category
        tax.rate_applicable_percent = group.rate
        if group.category in EXEMPT_REASONS:
            tax.exemption_reason = EXEMPT_REASONS[group.category]
        rows.append(tax)
    return rows
