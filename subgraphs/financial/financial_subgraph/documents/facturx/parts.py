"""Pieces of the Factur-X mapping: parties, unit codes and per-VAT-category amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from drafthorse.models.party import TaxRegistration

from financial_subgraph.documents.errors import FacturXUnavailableError
from financial_subgraph.documents.view import Buyer, DocumentLine, DocumentView, Seller

# UN/ECE Recommendation 20 codes for the units people type on invoices; C62 means "one".
UNIT_CODES = {
    "h": "HUR", "hr": "HUR", "hrs": "HUR", "hour": "HUR", "hours": "HUR", "std": "HUR",
    "day": "DAY", "days": "DAY", "d": "DAY", "tag": "DAY", "tage": "DAY",
    "month": "MON", "months": "MON", "week": "WEE", "weeks": "WEE",
    "min": "MIN", "minute": "MIN", "minutes": "MIN",
    "kg": "KGM", "g": "GRM", "t": "TNE", "m": "MTR", "km": "KMT", "m2": "MTK", "m3": "MTQ",
    "l": "LTR", "pcs": "H87", "pc": "H87", "piece": "H87", "pieces": "H87", "stk": "H87",
}  # fmt: skip
DEFAULT_UNIT_CODE = "C62"
STANDARD_RATE = "S"
ZERO_RATED = "Z"
NOT_SUBJECT = "O"


def unit_code(unit: str | None) -> str:
    if unit is None:
        return DEFAULT_UNIT_CODE
    return UNIT_CODES.get(unit.strip().lower().rstrip("."), DEFAULT_UNIT_CODE)


def fill_party(party: Any, source: Seller | Buyer) -> None:
    if not source.name.strip():
        raise FacturXUnavailableError("An e-invoice needs the seller's and the buyer's names.")
    party.name = source.name
    address = source.address
    if not address.country:
        raise FacturXUnavailableError(f"{source.name}'s address needs a country for an e-invoice.")
    if address.postal_code:
        party.address.postcode = address.postal_code
    if address.line1:
        party.address.line_one = address.line1
    if address.line2:
        party.address.line_two = address.line2
    if address.city:
        party.address.city_name = address.city
    party.address.country_id = address.country
    if source.tax_id:
        # A VAT number starts with its country's two letters; anything else is a local tax
        # number (scheme FC).
        scheme = "VA" if source.tax_id[:2].isalpha() else "FC"
        party.tax_registrations.add(TaxRegistration(id=(scheme, source.tax_id)))


def line_category(line: DocumentLine, seller_has_vat_id: bool) -> tuple[str, Decimal]:
    """The line's (UNCL5305 VAT category, rate in percent)."""
    if len(line.taxes) > 1:
        raise FacturXUnavailableError(
            f"Line {line.position} carries several taxes; EN 16931 allows one VAT rate a line."
        )
    if not line.taxes:
        # Untaxed: zero-rated for a VAT-registered seller, else outside the scope of VAT.
        return (ZERO_RATED if seller_has_vat_id else NOT_SUBJECT), Decimal(0)
    tax = line.taxes[0]
    return tax.category_code, tax.rate


@dataclass
class CategoryAmounts:
    """The lines of one VAT category and rate: their net sum and their tax."""

    category: str
    rate: Decimal
    basis: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)


def category_amounts(view: DocumentView) -> list[CategoryAmounts]:
    """The VAT breakdown (BG-23) from the lines themselves.

    Line nets already carry their share of the document discount, so the bases add up to
    the net total with no document-level allowance, and each category's tax is the sum of
    its lines' rounded taxes, the amounts printed on the PDF.
    """
    has_vat_id = bool(view.seller.tax_id)
    groups: dict[tuple[str, Decimal], CategoryAmounts] = {}
    for line in view.lines:
        key = line_category(line, has_vat_id)
        group = groups.setdefault(key, CategoryAmounts(*key))
        group.basis += line.net_amount
        group.tax += sum((tax.amount for tax in line.taxes), Decimal(0))
    return sorted(groups.values(), key=lambda group: (group.category, group.rate))
