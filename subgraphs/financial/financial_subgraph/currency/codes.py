"""ISO-4217 currencies with their English names and minor units, from babel's bundled CLDR data."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from babel.core import Locale, get_global
from babel.numbers import get_currency_precision, get_territory_currencies, list_currencies


@dataclass(frozen=True)
class CurrencyInfo:
    code: str
    name: str
    minor_units: int
    # Legal tender somewhere today. Withdrawn codes (DEM, HRK...) stay known so historic
    # exchange rates still read, but new documents and accounts must use a current one.
    in_use: bool


def _tender_today() -> set[str]:
    today = date.today()
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, start_date=today, tender=True))
    return codes


@functools.cache
def all_currencies() -> tuple[CurrencyInfo, ...]:
    """Every currency CLDR knows, current and withdrawn, ordered by code (read once; the data
    ships with babel)."""
    names = Locale("en").currencies
    in_use = _tender_today()
    return tuple(
        CurrencyInfo(code, names.get(code, code), get_currency_precision(code), code in in_use)
        for code in sorted(list_currencies())
    )


@functools.cache
def _by_code() -> dict[str, CurrencyInfo]:
    return {currency.code: currency for currency in all_currencies()}


def currency_info(code: str) -> CurrencyInfo | None:
    """The currency for a (case-insensitive) code, None when it is not one."""
    return _by_code().get(code.strip().upper())


def currency_in_use(code: str) -> CurrencyInfo | None:
    """The currency for a code if it is legal tender today: what documents may be written in."""
    info = currency_info(code)
    return info if info is not None and info.in_use else None


def minor_units(code: str) -> int:
    """Decimal places of the currency's minor unit (JPY 0, EUR 2, BHD 3)."""
    info = currency_info(code)
    if info is None:
        raise ValueError(f"Unknown currency {code!r}")
    return info.minor_units
