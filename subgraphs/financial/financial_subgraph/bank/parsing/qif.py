"""QIF statements through quiffen.

quiffen parses a whole file and stops at the first bad record; to report every bad record the
file is split into records here (at quiffen's own `^` separator) and each record goes through
quiffen's Transaction parser on its own. Only bank-like account types are statements.
"""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

from dateutil.parser import ParserError
from pydantic import ValidationError
from quiffen.core.qif import SECTION_SPLIT_RE, VALID_TRANSACTION_ACCOUNT_TYPES
from quiffen.core.transaction import Transaction

from financial_subgraph.bank.parsing.rows import (
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    clean,
    joined,
)


def _records(content: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each transaction record, headers checked."""
    records: list[tuple[int, list[str]]] = []
    header: str | None = None
    line_number = 1
    for section in SECTION_SPLIT_RE.split(content):
        lines = section.split("\n")
        start, fields = line_number, list[str]()
        for offset, line in enumerate(lines):
            text = line.strip()
            if text.lower().startswith(("!option", "!clear")):
                continue  # switches such as !Option:AutoSwitch, not section headers
            if text.startswith("!"):
                header = text.lower().replace(" ", "")
            elif text:
                if not fields:
                    start = line_number + offset
                fields.append(text)
        line_number += len(lines) - 1
        if not fields:
            continue
        if header is None:
            raise MalformedFile(f"Line {start}: a record before any !Type header.")
        if header == "!account":
            continue  # the account a following list belongs to; the import names the account
        if header not in VALID_TRANSACTION_ACCOUNT_TYPES:
            raise MalformedFile(f"{header} is not a bank, cash or card account list.")
        records.append((start, fields))
    return records


def _convert(line: int, fields: list[str], day_first: bool) -> ParsedRow | RowError:
    if not any(field.startswith("D") for field in fields):
        return RowError(line, "D", "the record has no date")
    if not any(field[0] in "TU" for field in fields):
        return RowError(line, "T", "the record has no amount")
    try:
        transaction: Any
        transaction, _classes = Transaction.from_list(fields, day_first=day_first, line_number=line)
    except (ParserError, ValueError, OverflowError) as error:
        return RowError(line, "D", f"unreadable date: {error}")
    except (InvalidOperation, ValidationError):
        amount = next(field[1:] for field in fields if field[0] in "TU")
        return RowError(line, "T", f"{amount!r} is not an amount")
    payee = clean(transaction.payee)
    return ParsedRow(
        row=line,
        booked_on=transaction.date.date(),
        amount=transaction.amount,
        description=joined(transaction.memo) or payee or "",
        counterparty=payee,
        external_id=None,  # a check number (N) is not unique enough to deduplicate by
    )


def parse_qif(content: str, *, day_first: bool = False) -> ParseResult:
    """`day_first`: QIF dates carry no format; US exports are month-first, most others not."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise MalformedFile("The file is empty.")
    result = ParseResult()
    for line, fields in _records(text):
        result.add(_convert(line, fields, day_first))
    return result
