"""ISO-4217 currencies with their English names and minor units, from babel's bundled CLDR data."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel.core import Locale
from babel.numbers import get_currency_precision, list_currencies


@dataclass(frozen=True)
class CurrencyInfo:
    code: str
    name: str
    minor_units: int


@functools.cache
def all_currencies() -> tuple[CurrencyInfo, ...]:
    """Every currency CLDR knows, ordered by code (read once; the data ships with babel)."""
    names = Locale("en").currencies
    return tuple(
        CurrencyInfo(code, names.get(code, code), get_currency_precision(code))
        for code in sorted(list_currencies())
    )


@functools.cache
def _by_code() -> dict[str, CurrencyInfo]:
    return {currency.code: currency for currency in all_currencies()}


def currency_info(code: str) -> CurrencyInfo | None:
    """The currency for a (case-insensitive) code, None when it is not one."""
    return _by_code().get(code.strip().upper())


def minor_units(code: str) -> int:
    """Decimal places of the currency's minor unit (JPY 0, EUR 2, BHD 3)."""
    info = currency_info(code)
    if info is None:
        raise ValueError(f"Unknown currency {code!r}")
    return info.minor_units
