"""Reports end to end: data created through the router's API, read back as reports."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devstack.factories.financial import (
    create_bank_account,
    create_client,
    create_invoice,
    import_statement,
    issue_invoice,
    line,
    record_payment,
)
from devstack.stack import Stack
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

CREATE_CATEGORY = """mutation($input: CreateCategoryInput!) { createCategory(input: $input) {
  __typename ... on CategoryPayload { category { id } } } }"""
CATEGORIZE = """mutation($id: ID!, $category: ID) {
  categorizeTransaction(id: $id, categoryId: $category) { __typename } }"""
BALANCE = """query($id: ID!) { bankAccount(id: $id) { balanceOn(date: "2026-02-28") } }"""

BUCKETS = "current days1To30 days31To60 days61To90 over90 total"
AGING = f"""query($asOf: Date!) {{ receivablesAging(asOf: $asOf) {{
  totals {{ {BUCKETS} }} clients {{ clientName base {{ {BUCKETS} }} }} }} }}"""
PERIOD = "start end opening inflows outflows net closing"
CASH_FLOW = f"""query($from: Date!, $to: Date!) {{ cashFlow(from: $from, to: $to) {{
  __typename ... on CashFlow {{ months {{ {PERIOD} }} total {{ {PERIOD} }} }}
  ... on ReportError {{ code }} }} }}"""
PROFIT_AND_LOSS = """query($from: Date!, $to: Date!) { profitAndLoss(from: $from, to: $to) {
  __typename
  ... on ProfitAndLoss {
    basis
    income { lines { name total } total }
    expenses { lines { name total } total }
    netResult { month amount } netTotal
  }
  ... on ReportError { code } } }"""

STATEMENT = """date,amount,description
2026-01-20,100.00,Payment INV 1
2026-01-25,-40.00,Office supplies
2026-02-03,-10.50,Coffee
2026-02-10,-200.00,To savings
"""
# The statement's lines in order: the category each gets by hand (None: left uncategorised).
FILED_UNDER = ("Sales", "Supplies", None, "Savings")


async def _category(
    http: httpx.AsyncClient, token: str, name: str, kind: str, parent: str | None = None
) -> str:
    fields = {"name": name, "kind": kind, "parentId": parent}
    body = await graphql(http, CREATE_CATEGORY, token, input=fields)
    category_id: str = body["data"]["createCategory"]["category"]["id"]
    return category_id


async def _categorise(http: httpx.AsyncClient, token: str, transaction_ids: list[str]) -> None:
    office = await _category(http, token, "Office", "EXPENSE")
    categories = {
        "Sales": await _category(http, token, "Sales", "INCOME"),
        "Supplies": await _category(http, token, "Supplies", "EXPENSE", office),
        "Savings": await _category(http, token, "Savings", "TRANSFER"),
    }
    for transaction_id, name in zip(transaction_ids, FILED_UNDER, strict=True):
        if name is not None:
            body = await graphql(
                http, CATEGORIZE, token, id=transaction_id, category=categories[name]
            )
            assert body["data"]["categorizeTransaction"]["__typename"] == (
                "CategorizeTransactionPayload"
            ), body


async def _data(http: httpx.AsyncClient, token: str) -> str:
    """A client with an issued, partly paid invoice; an account with an imported statement,
    categorised by hand. Returns the account's id."""
    client = await create_client(http, token, "Ada")
    work = line("Work", quantity="2", unit_price="150")
    draft = await create_invoice(
        http, token, client["id"], currency="EUR", paymentTermsDays=30, lines=[work]
    )
    issued = await issue_invoice(http, token, draft["id"], "2026-01-05")
    assert issued["invoice"]["dueDate"] == "2026-02-04", issued
    paid = await record_payment(http, token, draft["id"], "100", "2026-01-20")
    assert paid["__typename"] == "PaymentPayload", paid
    account = await create_bank_account(http, token, openingBalance="500")
    account_id = account["id"]
    layout = {"dateColumn": "date", "amountColumn": "amount", "descriptionColumn": "description"}
    imported = await import_statement(http, token, account_id, "CSV", STATEMENT, csvMapping=layout)
    transaction_ids = imported["transactionIds"]
    assert len(transaction_ids) == 4, imported
    await _categorise(http, token, transaction_ids)
    return str(account_id)


def _period(start: str, end: str, *values: str) -> dict[str, Any]:
    names = ("opening", "inflows", "outflows", "net", "closing")
    return {"start": start, "end": end, **dict(zip(names, values, strict=True))}


async def test_each_report_reads_what_the_api_created_and_only_its_own(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        token, stranger = await register(http, "rita"), await register(http, "sam")
        account_id = await _data(http, token)
        q1 = {"from": "2026-01-01", "to": "2026-02-28"}

        # 300.00 issued on 5 January, due 4 February, 100.00 paid: 200.00 is 25 days late.
        aging = (await graphql(http, AGING, token, asOf="2026-03-01"))["data"]["receivablesAging"]
        values = ("0.00", "200.00", "0.00", "0.00", "0.00", "200.00")
        expected = dict(zip(BUCKETS.split(), values, strict=True))
        assert aging == {"totals": expected, "clients": [{"clientName": "Ada", "base": expected}]}

        flow = (await graphql(http, CASH_FLOW, token, **q1))["data"]["cashFlow"]
        assert flow["months"] == [
            _period("2026-01-01", "2026-01-31", "500.00", "100.00", "40.00", "60.00", "560.00"),
            _period("2026-02-01", "2026-02-28", "560.00", "0.00", "210.50", "-210.50", "349.50"),
        ]
        assert flow["total"] == _period(
            "2026-01-01", "2026-02-28", "500.00", "100.00", "250.50", "-150.50", "349.50"
        )
        # The closing balance is the bank domain's balance on the last day.
        balance = await graphql(http, BALANCE, token, id=account_id)
        assert balance["data"]["bankAccount"]["balanceOn"] == "349.50"

        report = (await graphql(http, PROFIT_AND_LOSS, token, **q1))["data"]["profitAndLoss"]
        assert report["basis"] == "CASH"
        # The transfer to savings is neither income nor expense; Office holds Supplies.
        assert report["income"] == {
            "lines": [{"name": "Sales", "total": "100.00"}],
            "total": "100.00",
        }
        assert report["expenses"] == {
            "lines": [
                {"name": "Office", "total": "40.00"},
                {"name": "Supplies", "total": "40.00"},
                {"name": "Uncategorised expenses", "total": "10.50"},
            ],
            "total": "50.50",
        }
        assert report["netResult"] == [
            {"month": "2026-01-01", "amount": "60.00"},
            {"month": "2026-02-01", "amount": "-10.50"},
        ]
        assert report["netTotal"] == "49.50"

        # Another organisation's reports hold none of it.
        theirs = (await graphql(http, AGING, stranger, asOf="2026-03-01"))["data"]
        assert theirs["receivablesAging"]["clients"] == []
        their_flow = (await graphql(http, CASH_FLOW, stranger, **q1))["data"]["cashFlow"]
        assert their_flow["total"]["closing"] == "0.00"
        their_report = (await graphql(http, PROFIT_AND_LOSS, stranger, **q1))["data"]
        assert their_report["profitAndLoss"]["netTotal"] == "0.00"

        bad = await graphql(http, CASH_FLOW, token, **{"from": "2026-03-01", "to": "2026-01-01"})
        assert bad["data"]["cashFlow"] == {"__typename": "ReportError", "code": "INVALID_RANGE"}
