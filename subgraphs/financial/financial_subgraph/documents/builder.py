"""Invoice, client and seller rows -> a DocumentView (the only module that reads rows)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from financial_subgraph.client.models import Client
from financial_subgraph.currency.money import quantize
from financial_subgraph.documents.formatting import plain
from financial_subgraph.documents.models import SellerProfile
from financial_subgraph.documents.view import (
    BankDetails,
    Buyer,
    DocumentKind,
    DocumentLine,
    DocumentView,
    LineTax,
    PostalAddress,
    Seller,
    TaxSubtotal,
    Totals,
)
from financial_subgraph.invoice.models import Invoice, InvoiceLine

STANDARD_RATE, ZERO_RATED = "S", "Z"


def seller_of(profile: SellerProfile | None) -> Seller:
    """The organisation as the seller; nameless until an admin fills in the seller profile."""
    if profile is None:
        return Seller(name="")
    bank = None
    if profile.iban:
        bank = BankDetails(profile.iban, profile.bic, profile.bank_name, profile.legal_name)
    address = PostalAddress(
        profile.address_line1,
        profile.address_line2,
        profile.city,
        profile.region,
        profile.postal_code,
        profile.country,
    )
    return Seller(
        name=profile.legal_name,
        address=address,
        tax_id=profile.tax_id,
        email=profile.email,
        phone=profile.phone,
        bank=bank,
        logo_data_uri=profile.logo_data_uri,
    )


def buyer_of(client: Client) -> Buyer:
    address = PostalAddress(
        client.address_line1,
        client.address_line2,
        client.city,
        client.region,
        client.postal_code,
        client.country,
    )
    return Buyer(name=client.name, address=address, tax_id=client.tax_id, email=client.email)


def line_of(row: InvoiceLine, position: int, currency: str) -> DocumentLine:
    """`row` must have its taxes loaded; `position` counts from 1 as printed."""
    taxes = tuple(
        LineTax(
            name=tax.name,
            rate=plain(tax.rate),
            amount=quantize(tax.amount, currency),
            category_code=STANDARD_RATE if tax.rate > 0 else ZERO_RATED,
        )
        for tax in row.taxes
    )
    percent = (
        plain(row.discount_value) if row.discount_kind == "percent" and row.discount_value else None
    )
    amount_off = row.discount_value if row.discount_kind == "amount" else None
    return DocumentLine(
        position=position,
        description=row.description,
        quantity=plain(row.quantity),
        unit_price=plain(row.unit_price),
        amount=quantize(row.amount, currency),
        net_amount=quantize(row.net_amount, currency),
        discount_amount=amount_off or Decimal(0),
        discount_percent=percent,
        taxes=taxes,
    )


def breakdown(lines: tuple[DocumentLine, ...]) -> tuple[TaxSubtotal, ...]:
    """Per tax name and rate: the net it was levied on and the sum of its line amounts."""
    groups: dict[tuple[str, Decimal, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 2)
    for line in lines:
        for tax in line.taxes:
            group = groups[(tax.name, tax.rate, tax.category_code)]
            group[0] += line.net_amount
            group[1] += tax.amount
    return tuple(
        TaxSubtotal(name, rate, taxable, amount, category)
        for (name, rate, category), (taxable, amount) in groups.items()
    )


def build_view(
    invoice: Invoice,
    client: Client,
    seller: SellerProfile | None,
    *,
    today: date,
    reference: str | None = None,
) -> DocumentView:
    """The document of `invoice` (lines and their taxes loaded); `reference`: a credit
    note's invoice number. Drafts carry no date yet and show `today`."""
    currency = invoice.currency
    lines = tuple(line_of(row, i, currency) for i, row in enumerate(invoice.lines, start=1))

    def money(amount: Decimal) -> Decimal:
        return quantize(amount, currency)

    totals = Totals(
        subtotal=money(invoice.subtotal),
        discount=money(invoice.discount_total),
        net=money(invoice.net_total),
        tax=money(invoice.tax_total),
        total=money(invoice.total),
        paid=money(invoice.amount_paid + invoice.amount_credited),
        balance_due=money(invoice.balance_due),
    )
    return DocumentView(
        kind=DocumentKind(invoice.kind),
        number=invoice.number,
        issue_date=invoice.issue_date or today,
        due_date=invoice.due_date,
        currency=currency,
        language=client.language or "en",
        seller=seller_of(seller),
        buyer=buyer_of(client),
        lines=lines,
        tax_breakdown=breakdown(lines),
        totals=totals,
        notes=invoice.notes,
        payment_terms=invoice.terms,
        reference=reference,
        is_draft=invoice.status == "draft",
        is_void=invoice.status == "void",
    )
