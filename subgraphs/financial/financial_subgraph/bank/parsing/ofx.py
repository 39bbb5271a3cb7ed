"""OFX 1.x (SGML) and 2.x (XML) statements, and QFX, through ofxtools.

The file is parsed into an element tree once; each STMTTRN is then converted on its own, so a
bad transaction becomes an error for that entry instead of failing the whole statement.
"""

from __future__ import annotations

import io
import logging
import warnings
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from ofxtools.header import OFXHeaderError
from ofxtools.models.base import Aggregate
from ofxtools.Parser import OFXTree, ParseError
from ofxtools.Types import OFXSpecError

from financial_subgraph.bank.parsing.rows import (
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    clean,
    joined,
)

# ofxtools logs every aggregate it converts at INFO: 100k lines for a 100k-row statement.
logging.getLogger("ofxtools").setLevel(logging.WARNING)

# The statement aggregates that hold a BANKTRANLIST: bank and credit-card statements.
STATEMENTS = ("STMTRS", "CCSTMTRS")


def _tree(content: str) -> Element:
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(content.encode("utf-8")))
    except (OFXHeaderError, ParseError, SyntaxError, ValueError) as error:
        raise MalformedFile(f"Not an OFX file: {str(error).splitlines()[0]}") from None
    root: Element | None = tree._root  # the parsed tree ofxtools keeps for convert()
    if root is None or root.tag != "OFX":
        raise MalformedFile("Not an OFX file: no OFX element.")
    return root


def _local_date(text: str | None) -> date | None:
    """An OFX datetime's calendar date as the bank wrote it (ofxtools shifts it to UTC, which
    can move a late-evening booking to the next day). Only called once ofxtools validated it."""
    if not text or not text.strip():
        return None
    text = text.strip()
    return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))


def _convert(number: int, element: Element) -> ParsedRow | RowError:
    amount_text = (element.findtext("TRNAMT") or "").strip()
    try:
        Decimal(amount_text)
    except InvalidOperation:
        return RowError(number, "TRNAMT", f"{amount_text!r} is not an amount")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Intuit's private QFX tags are skipped, as meant
            transaction: Any = Aggregate.from_etree(element)
    except (OFXSpecError, ValueError, TypeError) as error:
        return RowError(number, "STMTTRN", str(error))
    payee = getattr(transaction, "payee", None)
    counterparty = clean(transaction.name) or clean(payee.name if payee is not None else None)
    booked_on = _local_date(element.findtext("DTPOSTED"))
    assert booked_on is not None  # DTPOSTED is required; from_etree checked it
    return ParsedRow(
        row=number,
        booked_on=booked_on,
        value_date=_local_date(element.findtext("DTAVAIL")),  # funds available: the value date
        amount=transaction.trnamt,
        description=joined(transaction.memo) or counterparty or transaction.trntype,
        counterparty=counterparty,
        external_id=clean(transaction.fitid),
    )


def parse_ofx(content: str) -> ParseResult:
    root = _tree(content)
    statements = [s for name in STATEMENTS for s in root.iter(name)]
    if not statements:
        raise MalformedFile("The OFX file holds no bank or credit-card statement.")
    currencies = {(s.findtext("CURDEF") or "").strip().upper() for s in statements}
    if len(currencies) > 1:
        raise MalformedFile(f"The file mixes statements in {', '.join(sorted(currencies))}.")
    result = ParseResult(currency=currencies.pop() or None)
    number = 0
    for statement in statements:
        for element in statement.iter("STMTTRN"):
            number += 1
            result.add(_convert(number, element))
    return result
