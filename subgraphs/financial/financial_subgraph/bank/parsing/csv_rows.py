"""CSV statements (stdlib csv) read through a column mapping: every bank lays them out its way."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from financial_subgraph.bank.parsing.rows import (
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    clean,
)


@dataclass(frozen=True)
class CsvLayout:
    """Which header names hold what; either `amount_column` or the debit/credit pair."""

    date_column: str
    amount_column: str | None = None
    debit_column: str | None = None
    credit_column: str | None = None
    description_column: str | None = None
    counterparty_column: str | None = None
    counterparty_account_column: str | None = None
    external_id_column: str | None = None
    value_date_column: str | None = None
    date_format: str = "%Y-%m-%d"
    decimal_separator: str = "."
    delimiter: str = ","
    skip_rows: int = 0  # lines before the header (bank name, account, period...)
    encoding: str = "utf-8"  # for files read from disk; GraphQL content arrives as text

    def columns(self) -> list[str]:
        named = [self.date_column, self.amount_column, self.debit_column, self.credit_column]
        named += [self.description_column, self.counterparty_column]
        named += [self.counterparty_account_column, self.external_id_column]
        return [column for column in [*named, self.value_date_column] if column]


def parse_amount(text: str, decimal_separator: str) -> Decimal:
    """'1.234,56' / '-1,234.56' / '12,50-' as Decimal; ValueError when it is not an amount."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    negative = raw.endswith("-") or (raw.startswith("(") and raw.endswith(")"))
    raw = raw.rstrip("-").strip("()")
    thousands = "," if decimal_separator == "." else "."
    raw = raw.replace(thousands, "").replace(decimal_separator, ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not an amount") from None
    if not value.is_finite():
        raise ValueError(f"{text.strip()!r} is not an amount")
    return -value if negative else value


def parse_date(text: str, date_format: str) -> date:
    try:
        return datetime.strptime(text.strip(), date_format).date()
    except ValueError:
        raise ValueError(f"{text.strip()!r} does not match the date format {date_format}") from None


class DateReader:
    """parse_date with a memory: a statement repeats a few hundred dates over all its rows, and
    strptime is the slowest step of reading a row."""

    def __init__(self, date_format: str) -> None:
        self.date_format = date_format
        self.seen: dict[str, date] = {}

    def __call__(self, text: str) -> date:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = parse_date(text, self.date_format)
        return found


def _records(content: str, layout: CsvLayout) -> Iterator[tuple[int, dict[str, str]]]:
    lines = io.StringIO(content, newline="")
    for _ in range(layout.skip_rows):
        lines.readline()
    reader = csv.DictReader(lines, delimiter=layout.delimiter, strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise MalformedFile(f"Line {reader.line_num + layout.skip_rows}: {error}") from None
    if not header:
        raise MalformedFile("The file has no header line.")
    missing = [column for column in layout.columns() if column not in header]
    if missing:
        raise MalformedFile(f"The header has no column {', '.join(map(repr, missing))}.")
    try:
        for record in reader:
            # reader.line_num counts physical lines, so quoted newlines keep numbers right.
            yield reader.line_num + layout.skip_rows, record
    except csv.Error as error:
        raise MalformedFile(f"Line {reader.line_num + layout.skip_rows}: {error}") from None


def _amount(record: dict[str, str], layout: CsvLayout) -> Decimal:
    if layout.amount_column:
        return parse_amount(record[layout.amount_column] or "", layout.decimal_separator)
    debit = (record[layout.debit_column or ""] or "").strip()
    credit = (record[layout.credit_column or ""] or "").strip()
    if bool(debit) == bool(credit):
        raise ValueError("exactly one of the debit and credit columns must hold an amount")
    if debit:
        return -abs(parse_amount(debit, layout.decimal_separator))
    return abs(parse_amount(credit, layout.decimal_separator))


def _optional(record: dict[str, str], column: str | None) -> str | None:
    return clean(record.get(column)) if column else None


def _row(
    line: int, record: dict[str, str], layout: CsvLayout, read_date: DateReader
) -> ParsedRow | RowError:
    field = "date"
    try:
        booked_on = read_date(record[layout.date_column] or "")
        field = "valueDate"
        value_text = _optional(record, layout.value_date_column)
        value_date = read_date(value_text) if value_text else None
        field = "amount" if layout.amount_column else "debit/credit"
        amount = _amount(record, layout)
    except ValueError as error:
        return RowError(line, field, str(error))
    return ParsedRow(
        row=line,
        booked_on=booked_on,
        value_date=value_date,
        amount=amount,
        description=_optional(record, layout.description_column) or "",
        counterparty=_optional(record, layout.counterparty_column),
        counterparty_account=_optional(record, layout.counterparty_account_column),
        external_id=_optional(record, layout.external_id_column),
    )


def parse_csv(content: str, layout: CsvLayout) -> ParseResult:
    result = ParseResult()
    read_date = DateReader(layout.date_format)
    for line, record in _records(content, layout):
        if None in record:  # more cells than header columns
            result.errors.append(RowError(line, "row", "more cells than the header has columns"))
            continue
        if not any((value or "").strip() for value in record.values()):
            continue  # blank line (trailing ones are common)
        parsed = _row(line, record, layout, read_date)
        if isinstance(parsed, RowError):
            result.errors.append(parsed)
        else:
            result.rows.append(parsed)
    return result
