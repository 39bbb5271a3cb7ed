"""The invoice a schedule copies on every run, and its JSON form (stored in `template`).

It is the invoice package's own `DraftData` without the client (the schedule holds that) and
without a deposit (a fixed deposit date cannot repeat). Decimals are stored as strings so no
float ever touches an amount.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from financial_subgraph.invoice.drafts import DraftData, LineData
from financial_subgraph.invoice.totals import Discount, Tax


@dataclass(frozen=True)
class InvoiceTemplate:
    currency: str | None = None  # None: the client's default currency (resolved on save)
    payment_terms_days: int | None = None  # None: the client's terms when the invoice is made
    notes: str | None = None
    terms: str | None = None
    discount: Discount | None = None
    lines: tuple[LineData, ...] = field(default_factory=tuple)

    def draft(self, client_id: uuid.UUID) -> DraftData:
        return DraftData(
            client_id=client_id,
            currency=self.currency,
            payment_terms_days=self.payment_terms_days,
            notes=self.notes,
            terms=self.terms,
            discount=self.discount,
            lines=self.lines,
        )


def _discount_json(discount: Discount | None) -> dict[str, str] | None:
    return None if discount is None else {"kind": discount.kind, "value": str(discount.value)}


def _discount(value: dict[str, str] | None) -> Discount | None:
    return None if value is None else Discount(value["kind"], Decimal(value["value"]))


def _tax_json(tax: Tax) -> dict[str, Any]:
    return {
        "name": tax.name,
        "rate": str(tax.rate),
        "inclusive": tax.inclusive,
        "compound": tax.compound,
    }


def _line_json(line: LineData) -> dict[str, Any]:
    return {
        "description": line.description,
        "quantity": str(line.quantity),
        "unit_price": str(line.unit_price),
        "discount": _discount_json(line.discount),
        "taxes": [_tax_json(tax) for tax in line.taxes],
    }


def _line(value: dict[str, Any]) -> LineData:
    taxes = tuple(
        Tax(tax["name"], Decimal(tax["rate"]), bool(tax["inclusive"]), bool(tax["compound"]))
        for tax in value["taxes"]
    )
    return LineData(
        description=value["description"],
        quantity=Decimal(value["quantity"]),
        unit_price=Decimal(value["unit_price"]),
        discount=_discount(value["discount"]),
        taxes=taxes,
    )


def to_json(template: InvoiceTemplate) -> dict[str, Any]:
    return {
        "currency": template.currency,
        "payment_terms_days": template.payment_terms_days,
        "notes": template.notes,
        "terms": template.terms,
        "discount": _discount_json(template.discount),
        "lines": [_line_json(line) for line in template.lines],
    }


def from_json(value: dict[str, Any]) -> InvoiceTemplate:
    return InvoiceTemplate(
        currency=value["currency"],
        payment_terms_days=value["payment_terms_days"],
        notes=value["notes"],
        terms=value["terms"],
        discount=_discount(value["discount"]),
        lines=tuple(_line(line) for line in value["lines"]),
    )
