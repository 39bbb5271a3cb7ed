"""Statement parsers: each format in, `ParseResult` (rows in one shape, errors per row) out."""

from __future__ import annotations

from financial_subgraph.bank.parsing.csv_rows import CsvLayout, parse_csv
from financial_subgraph.bank.parsing.rows import (
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    StatementFormat,
)

__all__ = [
    "CsvLayout",
    "MalformedFile",
    "ParseResult",
    "ParsedRow",
    "RowError",
    "StatementFormat",
    "parse_statement",
]


def parse_statement(
    format: StatementFormat,
    content: str,
    *,
    csv_layout: CsvLayout | None = None,
    day_first: bool = False,
) -> ParseResult:
    """Raises MalformedFile when the file as a whole is unreadable as `format`.

    Each format's parser library is imported on first use: together they take ~1.2 s to
    import, which every service start and test process would otherwise pay."""
    if format is StatementFormat.CSV:
        if csv_layout is None:
            raise ValueError("a CSV statement needs a column layout")
        return parse_csv(content, csv_layout)
    if format is StatementFormat.OFX:
        from financial_subgraph.bank.parsing.ofx import parse_ofx

        return parse_ofx(content)
    if format is StatementFormat.QIF:
        from financial_subgraph.bank.parsing.qif import parse_qif

        return parse_qif(content, day_first=day_first)
    if format is StatementFormat.CAMT053:
        from financial_subgraph.bank.parsing.camt import parse_camt053

        return parse_camt053(content)
    from financial_subgraph.bank.parsing.swift_mt940 import parse_mt940

    return parse_mt940(content)
