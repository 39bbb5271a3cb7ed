"""What a rendered document shows, independent of the database: frozen, fully computed values.

Rendering (HTML, PDF, Factur-X) reads only these dataclasses, so it stays pure and testable
without rows; `builder.py` is the one place that turns invoice rows into a view.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class DocumentKind(enum.Enum):
    INVOICE = "invoice"
    QUOTE = "quote"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True)
class PostalAddress:
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2

    @property
    def lines(self) -> tuple[str, ...]:
        """The address as printed: street lines, then "postcode city", region, country."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        parts = (self.line1, self.line2, locality, self.region, self.country)
        return tuple(part for part in parts if part)


@dataclass(frozen=True)
class BankDetails:
    iban: str
    bic: str | None = None
    bank_name: str | None = None
    account_holder: str | None = None


@dataclass(frozen=True)
class Seller:
    name: str
    address: PostalAddress = field(default_factory=PostalAddress)
    tax_id: str | None = None  # VAT identification number (EN 16931 BT-31)
    email: str | None = None
    phone: str | None = None
    bank: BankDetails | None = None
    logo_data_uri: str | None = None


@dataclass(frozen=True)
class Buyer:
    name: str
    address: PostalAddress = field(default_factory=PostalAddress)
    tax_id: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class LineTax:
    name: str
    rate: Decimal  # percent, e.g. 19 for 19 %
    amount: Decimal
    # UNCL5305 VAT category (S standard, Z zero, E exempt, AE reverse charge, ...).
    category_code: str = "S"


@dataclass(frozen=True)
class DocumentLine:
    position: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal  # quantity x price - line discount, as priced (what the line shows)
    # Excluding every tax, after this line's share of the document discount: what the line's
    # taxes were computed on, and its net in the e-invoice.
    net_amount: Decimal
    unit: str | None = None
    discount_amount: Decimal = Decimal(0)
    discount_percent: Decimal | None = None
    taxes: tuple[LineTax, ...] = ()


@dataclass(frozen=True)
class TaxSubtotal:
    """One row of the tax breakdown: every line amount taxed at the same name and rate."""

    name: str
    rate: Decimal
    taxable_amount: Decimal
    tax_amount: Decimal
    category_code: str = "S"


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal  # sum of the line amounts, as priced
    discount: Decimal  # document-level discount
    net: Decimal  # excluding every tax
    tax: Decimal
    total: Decimal  # net + tax
    paid: Decimal  # payments and credit notes against the document
    balance_due: Decimal


@dataclass(frozen=True)
class DocumentView:
    kind: DocumentKind
    number: str | None  # None while a draft: numbers are assigned on issue
    issue_date: date
    currency: str
    seller: Seller
    buyer: Buyer
    lines: tuple[DocumentLine, ...]
    tax_breakdown: tuple[TaxSubtotal, ...]
    totals: Totals
    language: str = "en"  # the client's language; formatting falls back to en
    due_date: date | None = None
    notes: str | None = None
    payment_terms: str | None = None
    reference: str | None = None  # a credit note's invoice number, a buyer's order number
    is_draft: bool = False
    is_void: bool = False
