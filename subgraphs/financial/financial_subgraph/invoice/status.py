"""Status rules shared by issuing, payments and credit notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from financial_subgraph.invoice.models import Invoice

OPEN = ("issued", "partially_paid")


def settle(invoice: Invoice) -> None:
    """Recompute balance and status of an issued invoice from its payments and credits."""
    invoice.balance_due = invoice.total - invoice.amount_paid - invoice.amount_credited
    if invoice.balance_due <= 0:
        invoice.status = "paid"
    elif invoice.balance_due < invoice.total:
        invoice.status = "partially_paid"
    else:
        invoice.status = "issued"


def is_overdue(invoice: Invoice, today: date) -> bool:
    """Derived at read time, never stored: open, with a due date before today."""
    return (
        invoice.kind == "invoice"
        and invoice.status in OPEN
        and invoice.due_date is not None
        and invoice.due_date < today
        and invoice.balance_due > Decimal(0)
    )
