"""Money, dates and numbers as the client reads them (CLDR data through babel)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
)

from financial_subgraph.currency.money import quantize

FALLBACK_LOCALE = "en"


def resolve_locale(language: str | None) -> Locale:
    """The babel locale of a BCP 47 tag ("de-AT"), English when unknown or absent."""
    if language:
        try:
            return Locale.parse(language.replace("-", "_"))
        except (ValueError, TypeError, UnknownLocaleError):
            pass
    return Locale.parse(FALLBACK_LOCALE)


class Formatter:
    """Formats values for one locale; templates reach it through their filters."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def money(self, amount: Decimal, currency: str) -> str:
        # Rounded half up first (the document rule; babel would round half to even), to the
        # currency's minor units (JPY 0, BHD 3) from the same CLDR data babel prints with.
        rounded = quantize(amount, currency)
        return str(format_currency(rounded, currency, locale=self.locale, currency_digits=True))

    def price(self, amount: Decimal, currency: str) -> str:
        """A unit price: the currency's minor units, or more when the price has them."""
        normal = plain(amount)
        if -int(normal.as_tuple().exponent) <= get_currency_precision(currency):
            return self.money(amount, currency)
        return str(
            format_currency(
                normal, currency, locale=self.locale, currency_digits=False,
                decimal_quantization=False,
            )
        )  # fmt: skip

    def number(self, value: Decimal) -> str:
        """A quantity: as many decimals as it has (2.5, not 2.500000), none when whole."""
        return str(format_decimal(plain(value), locale=self.locale, decimal_quantization=False))

    def percent(self, rate: Decimal) -> str:
        """A rate held in percent: 19 -> "19%" (en), "19 %" (de)."""
        return str(
            format_percent(plain(rate) / 100, locale=self.locale, decimal_quantization=False)
        )

    def date(self, value: date | None) -> str:
        return "" if value is None else str(format_date(value, "medium", locale=self.locale))


def plain(value: Decimal) -> Decimal:
    """`value` without trailing zeros, never in exponent form (10, not 1E+1)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if int(normal.as_tuple().exponent) > 0 else normal
