"""ISO-4217 currency codes, from pycountry's bundled data (no network)."""

from __future__ import annotations

import functools

import pycountry


@functools.cache
def _codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def normalise_currency(code: str) -> str | None:
    """The upper-cased ISO-4217 code, None when `code` is not one."""
    candidate = code.strip().upper()
    return candidate if candidate in _codes() else None
