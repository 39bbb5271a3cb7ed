"""What every statement parser produces: rows in one common shape, or errors per row."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class StatementFormat(enum.Enum):
    CSV = "CSV"
    OFX = "OFX"  # also QFX: OFX with Intuit's private tags, which are skipped
    QIF = "QIF"
    CAMT053 = "CAMT053"
    MT940 = "MT940"


class MalformedFile(Exception):  # noqa: N818 (a result of parsing, named for what the file is)
    """The file as a whole cannot be read as its format: no row can be trusted."""


@dataclass(slots=True)  # not frozen: a frozen __init__ costs twice as much per row
class ParsedRow:
    """One booked line; `amount` is signed (+ in, - out) in `currency` when the file names it."""

    row: int  # the line (CSV, QIF, MT940) or entry number (OFX, CAMT) people look up
    booked_on: date
    amount: Decimal
    description: str = ""
    value_date: date | None = None
    counterparty: str | None = None
    counterparty_account: str | None = None
    external_id: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # The currency the statement declares for the account, when it declares one.
    currency: str | None = None

    def add(self, parsed: ParsedRow | RowError) -> None:
        if isinstance(parsed, RowError):
            self.errors.append(parsed)
        else:
            self.rows.append(parsed)


def clean(text: str | None) -> str | None:
    """Whitespace collapsed; None for nothing left."""
    if text is None:
        return None
    collapsed = " ".join(text.split())
    return collapsed or None


def joined(*parts: str | None) -> str:
    """The non-empty parts, once each, separated by ' / '."""
    seen: list[str] = []
    for part in parts:
        text = clean(part)
        if text and text not in seen:
            seen.append(text)
    return " / ".join(seen)
