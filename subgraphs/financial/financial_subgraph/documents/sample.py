"""Made-up documents for previews and for checking a template before it is stored.

`validation_samples` covers both shapes a template meets in production: an issued document
with every optional part present, and a bare draft with none, so a template that only
breaks on one branch is still caught at save time.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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

SAMPLE_SELLER = Seller(
    name="Your Company Ltd",
    address=PostalAddress(
        line1="1 Example Street", city="Berlin", postal_code="10115", country="DE"
    ),
    tax_id="DE123456789",
    email="billing@example.com",
    bank=BankDetails(iban="DE89370400440532013000", bic="COBADEFFXXX", bank_name="Example Bank"),
)
SAMPLE_BUYER = Buyer(
    name="Sample Client GmbH",
    address=PostalAddress(line1="Hauptstraße 5", city="Wien", postal_code="1010", country="AT"),
    tax_id="ATU12345678",
)


def _vat(amount: str) -> tuple[LineTax, ...]:
    return (LineTax(name="VAT", rate=Decimal(19), amount=Decimal(amount)),)


def sample_document(
    kind: DocumentKind, *, draft: bool = False, language: str = "en"
) -> DocumentView:
    """A two-line document with a discount, VAT, a payment and every optional field set."""
    lines = (
        DocumentLine(1, "Consulting", Decimal(10), Decimal(120), Decimal(1080), Decimal(1080), "h",
                     discount_percent=Decimal(10), taxes=_vat("205.20")),
        DocumentLine(2, "Hosting (annual)", Decimal(1), Decimal(240), Decimal(240), Decimal(240),
                     taxes=_vat("45.60")),
    )  # fmt: skip
    return DocumentView(
        kind=kind,
        number=None if draft else "2026-0042",
        issue_date=date(2026, 3, 2),
        due_date=date(2026, 4, 1),
        currency="EUR",
        language=language,
        seller=SAMPLE_SELLER,
        buyer=SAMPLE_BUYER,
        lines=lines,
        tax_breakdown=(TaxSubtotal("VAT", Decimal(19), Decimal(1320), Decimal("250.80")),),
        totals=Totals(
            subtotal=Decimal(1320),
            discount=Decimal(0),
            net=Decimal(1320),
            tax=Decimal("250.80"),
            total=Decimal("1570.80"),
            paid=Decimal(500),
            balance_due=Decimal("1070.80"),
        ),
        notes="Thank you for your business.",
        payment_terms="Payable within 30 days.",
        reference="PO-7781",
        is_draft=draft,
    )


def bare_document(kind: DocumentKind) -> DocumentView:
    """A draft with nothing optional: no lines, taxes, addresses, bank, notes or dates."""
    return DocumentView(
        kind=kind,
        number=None,
        issue_date=date(2026, 3, 2),
        currency="JPY",
        seller=Seller(name="Your Company"),
        buyer=Buyer(name="Client"),
        lines=(),
        tax_breakdown=(),
        totals=Totals(*(Decimal(0),) * 7),
        is_draft=True,
    )


def validation_samples(kind: DocumentKind) -> tuple[DocumentView, ...]:
    return (sample_document(kind), bare_document(kind))
