"""Checks of parsed statement rows and of account input, before anything is written."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal

from financial_subgraph.bank.parsing import ParsedRow, ParseResult, RowError
from financial_subgraph.currency.codes import minor_units

# numeric(20, 4): 16 digits before the point.
MAX_AMOUNT = Decimal(10) ** 16
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
MAX_TEXT = 2000
MAX_NAME = 200


def _row_error(row: ParsedRow, currency: str, minor_unit: Decimal) -> RowError | None:
    if abs(row.amount) >= MAX_AMOUNT:
        return RowError(row.row, "amount", f"{row.amount} is too large")
    if row.amount != row.amount.quantize(minor_unit):
        return RowError(row.row, "amount", f"{row.amount} has more decimals than {currency} has")
    if not EARLIEST <= row.booked_on <= LATEST:
        return RowError(row.row, "bookedOn", f"{row.booked_on} is not a plausible booking date")
    if len(row.description) > MAX_TEXT:
        return RowError(row.row, "description", f"longer than {MAX_TEXT} characters")
    return None


def row_errors(rows: list[ParsedRow], currency: str) -> list[RowError]:
    """Rows whose amount does not fit the account's currency, or whose date is implausible."""
    minor_unit = Decimal(1).scaleb(-minor_units(currency))
    return [error for row in rows if (error := _row_error(row, currency, minor_unit)) is not None]


def currency_mismatches(parsed: ParseResult, currency: str) -> list[RowError]:
    """Rows (or, as row 0, the statement) in another currency than the account's."""
    mismatches: list[RowError] = []
    if parsed.currency and parsed.currency.upper() != currency:
        mismatches.append(RowError(0, "currency", f"the statement is in {parsed.currency}"))
    for row in parsed.rows:
        if row.currency and row.currency.upper() != currency:
            mismatches.append(RowError(row.row, "currency", f"the row is in {row.currency}"))
    return mismatches


def normal_iban(value: str | None) -> str | None:
    """The IBAN without spaces, upper-cased, when its ISO 13616 check digits hold (else a
    ValueError); None for no IBAN."""
    if value is None or not value.strip():
        return None
    iban = "".join(value.split()).upper()
    if not (15 <= len(iban) <= 34) or not iban.isalnum() or not iban[:2].isalpha():
        raise ValueError(f"{value!r} is not an IBAN")
    rearranged = iban[4:] + iban[:4]
    digits = "".join(
        str(string.ascii_uppercase.index(c) + 10) if c.isalpha() else c for c in rearranged
    )
    if int(digits) % 97 != 1:
        raise ValueError(f"{value!r} is not an IBAN (check digits do not match)")
    return iban
