"""CAMT.053 (ISO 20022 bank-to-customer statement) through pycamt.

pycamt's public `get_transactions()` flattens batch entries into their details and loses which
entry a detail came from. We need the entry to reconcile a batch (the details must add up to the
booked amount, else the entry is imported whole) and to give each detail a stable id, so
entries are walked here and handed to pycamt's per-entry extractor.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree
from pycamt.parser import Camt053ParseError, Camt053Parser

from financial_subgraph.bank.parsing.rows import (
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    clean,
    joined,
)

SIGN = {"CRDT": 1, "DBIT": -1}
DECLARED_ENCODING = re.compile(r"""\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


def _xml_bytes(content: str) -> bytes:
    """The text encoded as its XML declaration says, so lxml decodes it back faithfully."""
    declared = DECLARED_ENCODING.match(content)
    encoding = declared.group(1) if declared else "utf-8"
    try:
        return content.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        raise MalformedFile(f"The text does not fit its declared encoding {encoding}.") from None


def _parser(content: str) -> Camt053Parser:
    try:
        parser = Camt053Parser(_xml_bytes(content))
        statements = parser._find_statements_or_reports()
    except (etree.XMLSyntaxError, ValueError) as error:
        raise MalformedFile(f"Not a CAMT.053 statement: {error}") from None
    except Camt053ParseError:
        raise MalformedFile("Not a CAMT.053 statement: it has no Stmt element.") from None
    if parser.version == "unknown" or not statements:
        raise MalformedFile("Not a CAMT.053 statement (unknown document type).")
    return parser


class EntryError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _date(field: str, text: str | None) -> date:
    try:
        return date.fromisoformat((text or "").strip()[:10])  # a DtTm's date part
    except ValueError:
        raise EntryError(field, f"{text!r} is not a date") from None


def _signed(detail: dict[str, Any]) -> Decimal:
    sign = SIGN.get(detail.get("CreditDebitIndicator") or "")
    if sign is None:
        raise EntryError("CdtDbtInd", "CdtDbtInd is neither CRDT nor DBIT")
    try:
        amount = Decimal((detail.get("Amount") or "").strip())
    except InvalidOperation:
        raise EntryError("Amt", f"{detail.get('Amount')!r} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise EntryError("Amt", f"{detail.get('Amount')!r} is not an amount")
    return sign * amount


def _row(number: int, detail: dict[str, Any], external_id: str | None) -> ParsedRow:
    credit = detail.get("CreditDebitIndicator") == "CRDT"
    # The counterparty is whoever is on the other side: the debtor of money coming in.
    name = detail.get("DebtorName") if credit else detail.get("CreditorName")
    account = detail.get("DebtorIBAN") if credit else detail.get("CreditorIBAN")
    remittance = detail.get("RemittanceInformationFull") or detail.get("RemittanceInformation")
    return ParsedRow(
        row=number,
        # BookgDt is optional in the schema; an entry without one is booked on its value date.
        booked_on=_date("BookgDt", detail.get("BookingDate") or detail.get("ValueDate")),
        value_date=_date("ValDt", detail["ValueDate"]) if detail.get("ValueDate") else None,
        amount=_signed(detail),
        currency=detail.get("Currency"),
        description=joined(remittance, detail.get("AdditionalEntryInformation")),
        counterparty=clean(name),
        counterparty_account=clean(account),
        external_id=external_id,
    )


def _entry_rows(
    number: int, entry: dict[str, Any], details: list[dict[str, Any]]
) -> list[ParsedRow]:
    """A batch's details when they add up to the booked amount, else the entry as one row
    (with its details' parties and remittance when it has just one)."""
    reference = clean(entry.get("TransactionID"))
    booked = _signed(entry)
    if len(details) > 1 and sum((_signed(d) for d in details), Decimal(0)) == booked:
        return [
            _row(number, detail, f"{reference}/{index}" if reference else None)
            for index, detail in enumerate(details, start=1)
        ]
    if len(details) > 1:
        summary = entry.get("AdditionalEntryInformation") or f"Batch of {len(details)} payments"
        return [_row(number, {**entry, "AdditionalEntryInformation": summary}, reference)]
    # The booked amount is the entry's: a detail's first Amt may be the instructed amount,
    # in the payer's currency.
    booked_fields = ("Amount", "Currency", "CreditDebitIndicator")
    merged = {**(details[0] if details else entry), **{k: entry.get(k) for k in booked_fields}}
    return [_row(number, merged, reference)]


def parse_camt053(content: str) -> ParseResult:
    parser = _parser(content)
    result = ParseResult()
    number = 0
    for statement in parser._find_statements_or_reports():
        result.currency = clean(parser._find_text(statement, ".//Acct//Ccy")) or result.currency
        for element in statement.findall(".//Ntry", parser.namespaces):
            number += 1
            entry = parser._extract_common_entry_data(element, statement)
            if (entry.get("Status") or "BOOK") != "BOOK":
                continue  # pending or information-only: not (yet) on the account
            details = list(parser._extract_transaction(element, statement))
            try:
                result.rows.extend(_entry_rows(number, entry, details))
            except EntryError as error:
                result.errors.append(RowError(number, error.field, str(error)))
    return result
