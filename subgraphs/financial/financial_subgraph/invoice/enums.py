"""GraphQL enums of the invoice domain (values are the stored strings)."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class InvoiceKind(enum.Enum):
    INVOICE = "invoice"
    QUOTE = "quote"
    CREDIT_NOTE = "credit_note"


@strawberry.enum(
    description="Invoices and credit notes: DRAFT, ISSUED, PARTIALLY_PAID, PAID,"
    " VOID. Quotes: DRAFT, SENT, ACCEPTED, DECLINED, CONVERTED."
)
class InvoiceStatus(enum.Enum):
    DRAFT = "draft"
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONVERTED = "converted"


@strawberry.enum
class DiscountKind(enum.Enum):
    PERCENT = "percent"
    AMOUNT = "amount"


@strawberry.enum
class TaxMode(enum.Enum):
    EXCLUSIVE = "exclusive"
    INCLUSIVE = "inclusive"


@strawberry.enum
class PaymentSource(enum.Enum):
    MANUAL = "manual"
    BANK = "bank"
    GOCARDLESS = "gocardless"
