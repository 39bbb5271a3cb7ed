"""SWIFT MT940 statements through the mt-940 package (`mt940`).

mt940 raises at the first tag it cannot read. To list every bad statement line, a failing
`:61:` line (with its `:86:` details) is noted and cut out, and the rest parsed again, up to
MAX_ERRORS times; nothing is imported from a file with errors anyway.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

import mt940

from financial_subgraph.bank.parsing.rows import (
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    clean,
    joined,
)

MAX_ERRORS = 100
# The fixes mt940 5.x offers behind switches: ?31 is the counterparty's IBAN, a reversal of a
# credit (RC) takes money out, and lowercase d/c marks count.
OPTIONS = mt940.Options(
    applicant_iban=True, merge_keeps_values=True, reversal_sign=True, case_insensitive_marks=True
)
TAG = re.compile(r"^:(?P<tag>[0-9]{2}[A-Z]?|NS):", re.MULTILINE)
# mt940 logs every failed regex match at length; a bad row is reported to the caller instead.
logging.getLogger("mt940").setLevel(logging.CRITICAL)


def _parse(content: str) -> Any:
    try:
        return mt940.parse(content, options=OPTIONS)
    except RuntimeError as error:
        raise _BadTagError(error) from None


class _BadTagError(Exception):
    def __init__(self, error: RuntimeError) -> None:
        super().__init__(str(error.args[0]) if error.args else "unreadable tag")
        self.value = str(error.args[2]) if len(error.args) > 2 else None


def _cut(content: str, value: str | None) -> str | None:
    """`content` without the transaction whose tag holds `value`."""
    tags = list(TAG.finditer(content))
    for index, match in enumerate(tags):
        body_end = tags[index + 1].start() if index + 1 < len(tags) else len(content)
        if value is None or content[match.end() : body_end].strip() != value.strip():
            continue
        if match.group("tag") != "61":
            return None  # a header or balance tag: the statement itself is unreadable
        end = index + 1
        while end < len(tags) and tags[end].group("tag") == "86":
            end += 1
        stop = tags[end].start() if end < len(tags) else len(content)
        return content[: match.start()] + content[stop:]
    return None


def _parsed_with_errors(original: str) -> tuple[Any, list[RowError]]:
    errors: list[RowError] = []
    content = original
    while True:
        try:
            return _parse(content), errors
        except _BadTagError as bad:
            cut = _cut(content, bad.value) if len(errors) < MAX_ERRORS else None
            if cut is None:
                raise MalformedFile(f"Unreadable MT940 tag: {bad.value or bad}") from None
            content = cut
            line = _line_of(original, f":61:{bad.value}")
            errors.append(RowError(line, ":61:", f"unreadable statement line {bad.value!r}"))


def _line_of(text: str, snippet: str) -> int:
    return text.count("\n", 0, max(text.find(snippet), 0)) + 1


def _date(value: Any) -> date | None:
    return date(value.year, value.month, value.day) if value is not None else None


def _row(number: int, data: dict[str, Any]) -> ParsedRow:
    # :61: carries the value date and, optionally, the booking (entry) date.
    booked_on = _date(data.get("entry_date") or data.get("date"))
    assert booked_on is not None
    purpose = data.get("purpose") or data.get("transaction_details")
    counterparty = clean(data.get("applicant_name"))
    return ParsedRow(
        row=number,
        booked_on=booked_on,
        value_date=_date(data.get("date")),
        amount=data["amount"].amount,
        currency=data.get("currency"),
        description=joined(purpose, data.get("posting_text")) or counterparty or "",
        counterparty=counterparty,
        counterparty_account=clean(data.get("applicant_iban")),
        external_id=None,  # :61: bank references are not unique across banks or days
    )


def _lines_of_61(text: str) -> list[int]:
    """The line number of every :61: tag, counted in one pass."""
    lines: list[int] = []
    line, position = 1, 0
    for match in TAG.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if match.group("tag") == "61":
            lines.append(line)
    return lines


def parse_mt940(content: str) -> ParseResult:
    text = content.replace("\r\n", "\n")
    transactions, errors = _parsed_with_errors(text)
    if not transactions.data.get("account_identification"):
        raise MalformedFile("Not an MT940 statement: no :25: account identification.")
    result = ParseResult(errors=errors)
    lines = _lines_of_61(text)
    for index, transaction in enumerate(transactions):
        number = lines[index] if index < len(lines) else index + 1
        result.add(_row(number, transaction.data))
        result.currency = result.currency or transaction.data.get("currency")
    return result
