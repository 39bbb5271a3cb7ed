"""Minor units from babel's ISO-4217 data and the documented rounding rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from financial_subgraph.currency.codes import currency_info, minor_units
from financial_subgraph.currency.money import convert, quantize


@pytest.mark.parametrize(("code", "places"), [("JPY", 0), ("EUR", 2), ("BHD", 3), ("usd", 2)])
def test_minor_units_come_from_iso_4217(code: str, places: int) -> None:
    assert minor_units(code) == places


def test_an_unknown_code_is_no_currency() -> None:
    assert currency_info("ABC") is None
    with pytest.raises(ValueError, match="Unknown currency"):
        minor_units("ABC")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "EUR", "2.35"),  # a tie rounds up, not to even (2.34)
        ("2.335", "EUR", "2.34"),
        ("-2.345", "EUR", "-2.35"),  # away from zero on both sides
        ("2.344", "EUR", "2.34"),
        ("0.5", "JPY", "1"),
        ("1.5", "JPY", "2"),
        ("1.0005", "BHD", "1.001"),
        ("7", "EUR", "7.00"),
    ],
)
def test_quantize_rounds_half_up_to_minor_units(amount: str, currency: str, expected: str) -> None:
    result = quantize(Decimal(amount), currency)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        quantize(1.1, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        convert(Decimal(1), 1.1, "EUR")  # type: ignore[arg-type]


def test_convert_rounds_once_in_the_target_currency() -> None:
    # 100 EUR at the ECB's 2026-10-30 rate of 175.68 JPY.
    assert convert(Decimal("100"), Decimal("175.68"), "JPY") == Decimal("17568")
    assert convert(Decimal("10.01"), Decimal("1.1172"), "USD") == Decimal("11.18")
