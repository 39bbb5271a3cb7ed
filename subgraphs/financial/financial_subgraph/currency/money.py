"""Money arithmetic in Decimal at each currency's minor units; floats never enter."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from financial_subgraph.currency.codes import minor_units

# Amounts shown on documents round half up (away from zero on a tie), not half-even
# ("banker's rounding"): it is the commercial rule people check invoices against by hand and
# the one EN 16931 e-invoices and most tax authorities expect, so totals we print match theirs.
DOCUMENT_ROUNDING = ROUND_HALF_UP


def quantize(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded to the currency's minor units (EUR 0.01, JPY 1, BHD 0.001)."""
    if not isinstance(amount, Decimal):
        raise TypeError("Money amounts are Decimal, never float.")
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return amount.quantize(exponent, rounding=DOCUMENT_ROUNDING)


def convert(amount: Decimal, rate: Decimal, to_currency: str) -> Decimal:
    """`amount` times `rate` (units of `to_currency` per unit), rounded once, at the end."""
    if not isinstance(rate, Decimal):
        raise TypeError("Exchange rates are Decimal, never float.")
    return quantize(amount * rate, to_currency)
