"""The variables a document template sees: display-ready strings in the client's locale.

Templates get formatted text, not raw numbers, so every template (ours or an organisation's)
prints amounts the same way. The names below are the documented template contract:

  document  kind, title, number, is_draft, is_void, issue_date, due_date, reference, notes,
            payment_terms, currency, language
  seller    name, address_lines, tax_id, email, phone, logo, bank {iban, bic, bank_name,
            account_holder} or none
  buyer     name, address_lines, tax_id, email
  lines     position, description, quantity, unit, unit_price, discount, taxes, amount
  tax_breakdown  name, rate, taxable_amount, tax_amount
  totals    subtotal, discount, has_discount, net, tax, total, paid, has_payments, balance_due
  branding  primary_color, logo, footer_text
  labels    the default template's wording, translated (labels.invoice, labels.total, ...)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from financial_subgraph.documents.formatting import Formatter, resolve_locale
from financial_subgraph.documents.labels import labels_for, title_of
from financial_subgraph.documents.sandbox import GuardedSequence
from financial_subgraph.documents.view import (
    BankDetails,
    Buyer,
    DocumentLine,
    DocumentView,
    Seller,
    TaxSubtotal,
    Totals,
)

DEFAULT_PRIMARY_COLOR = "#1f4e79"


@dataclass(frozen=True)
class Branding:
    primary_color: str | None = None
    logo_data_uri: str | None = None
    footer_text: str | None = None


def template_context(view: DocumentView, branding: Branding) -> dict[str, Any]:
    """Everything a template may print for `view`, formatted for the client's language."""
    locale = resolve_locale(view.language)
    fmt = Formatter(locale)
    labels = labels_for(locale)
    logo = branding.logo_data_uri or view.seller.logo_data_uri
    return {
        "document": {
            "kind": view.kind.value,
            "title": title_of(view.kind, labels),
            "number": view.number,
            "is_draft": view.is_draft,
            "is_void": view.is_void,
            "issue_date": fmt.date(view.issue_date),
            "due_date": fmt.date(view.due_date),
            "reference": view.reference,
            "notes": view.notes,
            "payment_terms": view.payment_terms,
            "currency": view.currency,
            "language": locale.language,
        },
        "seller": _seller(view.seller, logo),
        "buyer": _buyer(view.buyer),
        "lines": GuardedSequence(_line(line, view.currency, fmt) for line in view.lines),
        "tax_breakdown": GuardedSequence(
            _tax(row, view.currency, fmt) for row in view.tax_breakdown
        ),
        "totals": _totals(view.totals, view.currency, fmt),
        "branding": {
            "primary_color": branding.primary_color or DEFAULT_PRIMARY_COLOR,
            "logo": logo,
            "footer_text": branding.footer_text,
        },
        "labels": dict(labels),
    }


def _bank(bank: BankDetails | None) -> dict[str, Any] | None:
    if bank is None:
        return None
    return {
        "iban": _grouped_iban(bank.iban),
        "bic": bank.bic,
        "bank_name": bank.bank_name,
        "account_holder": bank.account_holder,
    }


def _grouped_iban(iban: str) -> str:
    """IBANs print in groups of four (ISO 13616's paper format)."""
    compact = iban.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _seller(seller: Seller, logo: str | None) -> dict[str, Any]:
    return {
        "name": seller.name,
        "address_lines": GuardedSequence(seller.address.lines),
        "tax_id": seller.tax_id,
        "email": seller.email,
        "phone": seller.phone,
        "logo": logo,
        "bank": _bank(seller.bank),
    }


def _buyer(buyer: Buyer) -> dict[str, Any]:
    return {
        "name": buyer.name,
        "address_lines": GuardedSequence(buyer.address.lines),
        "tax_id": buyer.tax_id,
        "email": buyer.email,
    }


def _line(line: DocumentLine, currency: str, fmt: Formatter) -> dict[str, Any]:
    if line.discount_percent is not None:
        discount = fmt.percent(line.discount_percent)
    elif line.discount_amount:
        discount = fmt.money(line.discount_amount, currency)
    else:
        discount = ""
    return {
        "position": line.position,
        "description": line.description,
        "quantity": fmt.number(line.quantity),
        "unit": line.unit or "",
        "unit_price": fmt.price(line.unit_price, currency),
        "discount": discount,
        "taxes": ", ".join(f"{tax.name} {fmt.percent(tax.rate)}" for tax in line.taxes),
        "amount": fmt.money(line.amount, currency),
    }


def _tax(row: TaxSubtotal, currency: str, fmt: Formatter) -> dict[str, Any]:
    return {
        "name": row.name,
        "rate": fmt.percent(row.rate),
        "taxable_amount": fmt.money(row.taxable_amount, currency),
        "tax_amount": fmt.money(row.tax_amount, currency),
    }


def _totals(totals: Totals, currency: str, fmt: Formatter) -> dict[str, Any]:
    return {
        "subtotal": fmt.money(totals.subtotal, currency),
        "discount": fmt.money(totals.discount, currency),
        "has_discount": bool(totals.discount),
        "net": fmt.money(totals.net, currency),
        "tax": fmt.money(totals.tax, currency),
        "total": fmt.money(totals.total, currency),
        "paid": fmt.money(totals.paid, currency),
        "has_payments": bool(totals.paid),
        "balance_due": fmt.money(totals.balance_due, currency),
    }
