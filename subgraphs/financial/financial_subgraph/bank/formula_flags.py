"""Flagging statement cells that would run as spreadsheet formulas (spreadsheet_cells.py).

The text is stored as the bank wrote it: it is the bank's record, the duplicate check hashes
it, and changing it would hide what was really received. Instead the import result tells
the person importing which rows carry such text, and every export neutralises it when written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from financial_subgraph.bank.parsing import ParsedRow, RowError
from financial_subgraph.spreadsheet_cells import starts_like_formula

# Warnings listed in one import result; the count covers every flagged cell.
MAX_WARNINGS = 100
# GraphQL field name -> ParsedRow attribute: the free-text cells a statement brings in.
TEXT_FIELDS = {
    "description": "description",
    "counterparty": "counterparty",
    "counterpartyAccount": "counterparty_account",
    "externalId": "external_id",
}
MESSAGE = "Starts like a spreadsheet formula; stored as text, exported with a leading quote."


@dataclass
class FormulaFlags:
    count: int = 0
    warnings: list[RowError] = field(default_factory=list)


def formula_flags(rows: Iterable[ParsedRow]) -> FormulaFlags:
    """Every text cell of `rows` that starts like a formula: counted, the first listed."""
    flags = FormulaFlags()
    for row in rows:
        for name, attribute in TEXT_FIELDS.items():
            if starts_like_formula(getattr(row, attribute)):
                flags.count += 1
                if len(flags.warnings) < MAX_WARNINGS:
                    flags.warnings.append(RowError(row.row, name, MESSAGE))
    return flags
