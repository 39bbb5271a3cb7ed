"""A client's default currency: an ISO-4217 code from the one currency list (currency/codes.py)."""

from __future__ import annotations

from financial_subgraph.currency.codes import currency_in_use


def normalise_currency(code: str) -> str | None:
    """The upper-cased ISO-4217 code, None when `code` is not one in use today."""
    info = currency_in_use(code)
    return info.code if info is not None else None
