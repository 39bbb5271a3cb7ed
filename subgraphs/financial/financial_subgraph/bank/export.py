"""Bank transactions as a CSV file, for spreadsheets and accountants.

Every text cell goes through `spreadsheet_cells.safe_cell`: a statement line such as
`=HYPERLINK(...)` is stored as the bank wrote it, and written here with a leading quote so a
spreadsheet shows it instead of running it. Amounts and dates are written as they are
(-12.50 stays a number). Bounded: at most MAX_EXPORT_ROWS rows, the newest, in date order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.currency.money import quantize
from financial_subgraph.spreadsheet_cells import Cell, safe_cell

MAX_EXPORT_ROWS = 50_000
HEADER = (
    "Booked on",
    "Value date",
    "Amount",
    "Currency",
    "Description",
    "Counterparty",
    "Counterparty account",
    "Bank reference",
)


@dataclass(frozen=True)
class CsvExport:
    content: str
    rows: int
    truncated: bool


def _cells(row: BankTransaction) -> list[Cell]:
    return [
        row.booked_on,
        row.value_date,
        quantize(row.amount, row.currency),  # stored with 4 places; shown in minor units
        row.currency,
        row.description,
        row.counterparty,
        row.counterparty_account,
        row.external_id,
    ]


def transactions_csv(newest_first: Sequence[BankTransaction]) -> CsvExport:
    """`newest_first` (up to MAX_EXPORT_ROWS + 1 rows, to tell a cut) as RFC 4180 CSV,
    oldest first."""
    rows = list(newest_first[:MAX_EXPORT_ROWS])
    rows.reverse()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([safe_cell(cell) for cell in _cells(row)] for row in rows)
    return CsvExport(buffer.getvalue(), len(rows), len(newest_first) > MAX_EXPORT_ROWS)
