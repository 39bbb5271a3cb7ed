"""The ECB euro foreign exchange reference rates, from its historical CSV file.

Format (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/):
a header `Date,USD,JPY,...`, then one line per business day, newest first, each cell the amount
of that currency one euro buys; "N/A" where a currency was not quoted (it did not exist yet or
was retired). Lines end with a trailing comma, so the last header cell is empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from financial_subgraph.currency.provider import PublishedRate

SOURCE = "ECB"
NOT_QUOTED = {"", "N/A"}


class MalformedRateFileError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class EcbRates:
    """A parsed ECB file: every quoted rate, and how many cells were not quoted."""

    rates: list[PublishedRate] = field(default_factory=list)
    not_quoted: int = 0
    source: str = SOURCE

    def rates_for(self, on_date: date) -> list[PublishedRate]:
        return [rate for rate in self.rates if rate.rate_date == on_date]

    def history(self) -> Iterable[PublishedRate]:
        return iter(self.rates)


def _header(rows: Iterable[list[str]]) -> list[str]:
    header = next(iter(rows), None)
    if not header or header[0].strip() != "Date":
        raise MalformedRateFileError(1, "the header must start with Date.")
    quotes = [cell.strip().upper() for cell in header[1:]]
    if any(len(quote) != 3 or not quote.isalpha() for quote in quotes if quote):
        raise MalformedRateFileError(1, "every column after Date must be a currency code.")
    return quotes


def _parse_cell(cell: str, line: int) -> Decimal:
    try:
        rate = Decimal(cell)
    except InvalidOperation:
        raise MalformedRateFileError(line, f"{cell!r} is not a rate.") from None
    if not rate.is_finite() or rate <= 0:
        raise MalformedRateFileError(line, f"{cell!r} is not a positive rate.")
    return rate


def parse_ecb_csv(text: str) -> EcbRates:
    """Every rate in the file, or MalformedRateFileError naming the first bad line (1-based)."""
    reader = csv.reader(io.StringIO(text))
    quotes = _header(reader)
    parsed = EcbRates()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(quotes) + 1:
            raise MalformedRateFileError(line, "more cells than the header has columns.")
        try:
            rate_date = date.fromisoformat(row[0].strip())
        except ValueError:
            raise MalformedRateFileError(line, f"{row[0]!r} is not a date (YYYY-MM-DD).") from None
        for quote, cell in zip(quotes, row[1:], strict=False):
            if not quote or cell.strip() in NOT_QUOTED:
                parsed.not_quoted += bool(quote)
                continue
            parsed.rates.append(PublishedRate(rate_date, quote, _parse_cell(cell.strip(), line)))
    return parsed
