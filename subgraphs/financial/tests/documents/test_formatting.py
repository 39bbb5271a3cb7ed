"""Money, dates, quantities and rates in the client's language (babel), English fallback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financial_subgraph.documents.formatting import Formatter, resolve_locale


@pytest.mark.parametrize(
    ("language", "money", "day"),
    [
        ("en", "€1,234.50", "Mar 1, 2026"),
        ("de-AT", "€ 1.234,50", "01.03.2026"),
        ("fr", "1\u202f234,50\xa0€", "1 mars 2026"),
        ("xx-unknown", "€1,234.50", "Mar 1, 2026"),
        (None, "€1,234.50", "Mar 1, 2026"),
    ],
)
def test_money_and_dates_follow_the_language(language: str | None, money: str, day: str) -> None:
    formatter = Formatter(resolve_locale(language))
    assert formatter.money(Decimal("1234.5"), "EUR").replace("\xa0", " ") == money.replace(
        "\xa0", " "
    )
    assert formatter.date(date(2026, 3, 1)) == day


def test_amounts_use_each_currencys_minor_units() -> None:
    formatter = Formatter(resolve_locale("en"))
    assert formatter.money(Decimal("1234.4"), "JPY") == "¥1,234"
    assert formatter.money(Decimal("12.3456"), "BHD") == "BHD12.346"
    # Half up, the document rounding rule (babel alone would round half to even).
    assert formatter.money(Decimal("0.125"), "EUR") == "€0.13"


def test_quantities_rates_and_prices_drop_needless_zeros() -> None:
    english, german = Formatter(resolve_locale("en")), Formatter(resolve_locale("de"))
    assert english.number(Decimal("10.000000")) == "10"
    assert german.number(Decimal("2.500000")) == "2,5"
    assert english.percent(Decimal("19.0000")) == "19%"
    assert german.percent(Decimal("7.5")) == "7,5\xa0%"
    assert english.price(Decimal("0.125000"), "EUR") == "€0.125"
    assert english.price(Decimal("120.000000"), "EUR") == "€120.00"
