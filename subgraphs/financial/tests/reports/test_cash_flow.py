from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import FastAPI

from service_runtime.database import Database

from ..conftest import GraphQL, TokenFactory
from ..factories import add_euro_rate
from .conftest import add_account, add_transaction, statements_of

PERIOD = "start end opening inflows outflows net closing"
CASH_FLOW = f"""
query($from: Date!, $to: Date!, $accountId: ID) {{
  cashFlow(from: $from, to: $to, accountId: $accountId) {{
    __typename
    ... on CashFlow {{
      from to baseCurrency
      accounts {{
        accountId accountName currency
        months {{ {PERIOD} }} total {{ {PERIOD} }}
        baseMonths {{ {PERIOD} }} baseTotal {{ {PERIOD} }}
      }}
      months {{ {PERIOD} }}
      total {{ {PERIOD} }}
    }}
    ... on ReportError {{ code message field }}
  }}
}}
"""


def period(start: str, end: str, *values: str) -> dict[str, str]:
    names = ("opening", "inflows", "outflows", "net", "closing")
    return {"start": start, "end": end, **dict(zip(names, values, strict=True))}


async def seed(database: Database, org: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """A EUR account and a USD one, with lines before, on the edges of and after the range."""
    main = await add_account(database, org, "Main", opening_balance="1000")
    for booked_on, amount in [
        (date(2025, 12, 31), "500"),  # before the range: part of the opening balance
        (date(2026, 1, 1), "200"),  # first day of the range
        (date(2026, 1, 31), "-50"),  # last day of January
        (date(2026, 2, 1), "-30"),  # first day of February
        (date(2026, 3, 1), "999"),  # after the range
    ]:
        await add_transaction(database, org, main, booked_on, amount)
    dollars = await add_account(database, org, "Dollars", currency="USD", opening_balance="100")
    # 1 EUR = 1.25 USD on the first booking date: the opening USD 100 is EUR 80.00.
    await add_euro_rate(database, "USD", "1.25", date(2026, 1, 9))
    await add_transaction(
        database, org, dollars, date(2026, 1, 10), "50", currency="USD", base_amount="40"
    )
    await add_transaction(
        database, org, dollars, date(2026, 2, 5), "-20", currency="USD", base_amount="-16.50"
    )
    return main, dollars


async def test_months_per_account_and_in_total_in_the_base_currency(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    main, dollars = await seed(database, org_a)
    body = await gql(
        CASH_FLOW, bearer=token_for(org_a, "viewer"), **{"from": "2026-01-01", "to": "2026-02-28"}
    )
    report = body["data"]["cashFlow"]
    assert report["__typename"] == "CashFlow"
    assert report["baseCurrency"] == "EUR"
    jan, feb = ("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28")
    whole = ("2026-01-01", "2026-02-28")
    by_name = {account["accountName"]: account for account in report["accounts"]}
    assert [account["accountName"] for account in report["accounts"]] == ["Dollars", "Main"]
    assert by_name["Main"] == {
        "accountId": str(main),
        "accountName": "Main",
        "currency": "EUR",
        "months": [
            period(*jan, "1500.00", "200.00", "50.00", "150.00", "1650.00"),
            period(*feb, "1650.00", "0.00", "30.00", "-30.00", "1620.00"),
        ],
        "total": period(*whole, "1500.00", "200.00", "80.00", "120.00", "1620.00"),
        "baseMonths": [
            period(*jan, "1500.00", "200.00", "50.00", "150.00", "1650.00"),
            period(*feb, "1650.00", "0.00", "30.00", "-30.00", "1620.00"),
        ],
        "baseTotal": period(*whole, "1500.00", "200.00", "80.00", "120.00", "1620.00"),
    }
    assert by_name["Dollars"]["accountId"] == str(dollars)
    assert by_name["Dollars"]["months"] == [
        period(*jan, "100.00", "50.00", "0.00", "50.00", "150.00"),
        period(*feb, "150.00", "0.00", "20.00", "-20.00", "130.00"),
    ]
    assert by_name["Dollars"]["baseMonths"] == [
        period(*jan, "80.00", "40.00", "0.00", "40.00", "120.00"),
        period(*feb, "120.00", "0.00", "16.50", "-16.50", "103.50"),
    ]
    assert report["months"] == [
        period(*jan, "1580.00", "240.00", "50.00", "190.00", "1770.00"),
        period(*feb, "1770.00", "0.00", "46.50", "-46.50", "1723.50"),
    ]
    assert report["total"] == period(*whole, "1580.00", "240.00", "96.50", "143.50", "1723.50")


async def test_a_range_inside_months_cuts_the_first_and_last_month(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    main, _ = await seed(database, org_a)
    body = await gql(
        CASH_FLOW,
        bearer=token_for(org_a, "viewer"),
        accountId=str(main),
        **{"from": "2026-01-02", "to": "2026-01-31"},
    )
    report = body["data"]["cashFlow"]
    # Only the one account; 1 January's 200 is before the range now.
    assert [account["accountName"] for account in report["accounts"]] == ["Main"]
    expected = [period("2026-01-02", "2026-01-31", "1700.00", "0.00", "50.00", "-50.00", "1650.00")]
    assert report["accounts"][0]["months"] == expected
    assert report["months"] == expected


async def test_an_organisation_never_sees_another_ones_accounts(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    main, _ = await seed(database, org_a)
    theirs = await add_account(database, org_b, "Theirs", opening_balance="7")
    await add_transaction(database, org_b, theirs, date(2026, 1, 5), "3")
    token = token_for(org_b, "viewer")
    dates = {"from": "2026-01-01", "to": "2026-01-31"}
    report = (await gql(CASH_FLOW, bearer=token, **dates))["data"]["cashFlow"]
    assert [account["accountName"] for account in report["accounts"]] == ["Theirs"]
    assert report["total"] == period(
        "2026-01-01", "2026-01-31", "7.00", "3.00", "0.00", "3.00", "10.00"
    )
    other = await gql(CASH_FLOW, bearer=token, accountId=str(main), **dates)
    assert other["data"]["cashFlow"] == {
        "__typename": "ReportError",
        "code": "ACCOUNT_NOT_FOUND",
        "message": "No such account.",
        "field": "accountId",
    }


async def test_no_accounts_give_months_of_zeros(gql: GraphQL, token_for: TokenFactory) -> None:
    body = await gql(
        CASH_FLOW,
        bearer=token_for(uuid.uuid4(), "viewer"),
        **{"from": "2026-01-20", "to": "2026-02-10"},
    )
    report = body["data"]["cashFlow"]
    assert report["accounts"] == []
    assert report["months"] == [
        period("2026-01-20", "2026-01-31", "0.00", "0.00", "0.00", "0.00", "0.00"),
        period("2026-02-01", "2026-02-10", "0.00", "0.00", "0.00", "0.00", "0.00"),
    ]


async def test_bad_ranges_and_ids_are_typed_errors(gql: GraphQL, token_for: TokenFactory) -> None:
    token = token_for(uuid.uuid4(), "viewer")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"from": "2026-02-01", "to": "2026-01-31"}, "INVALID_RANGE"),
        ({"from": "2023-01-01", "to": "2026-01-01"}, "RANGE_TOO_LONG"),
        ({"from": "2026-01-01", "to": "2026-01-31", "accountId": "not-an-id"}, "ACCOUNT_NOT_FOUND"),
    ]
    for variables, code in cases:
        body = await gql(CASH_FLOW, bearer=token, **variables)
        assert body["data"]["cashFlow"]["code"] == code, variables
    # 36 months exactly is accepted.
    body = await gql(CASH_FLOW, bearer=token, **{"from": "2023-01-31", "to": "2025-12-01"})
    assert len(body["data"]["cashFlow"]["months"]) == 36


async def test_a_foreign_opening_balance_without_a_rate_is_a_typed_error(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    account = await add_account(database, org_a, "Francs", currency="CHF", opening_balance="10")
    await add_transaction(database, org_a, account, date(2026, 1, 5), "1", currency="CHF")
    body = await gql(
        CASH_FLOW, bearer=token_for(org_a), **{"from": "2026-01-01", "to": "2026-01-31"}
    )
    error = body["data"]["cashFlow"]
    assert error["code"] == "RATE_NOT_FOUND"
    assert "CHF/EUR" in error["message"]


async def test_cash_flow_runs_two_statements_however_many_accounts(
    gql: GraphQL,
    token_for: TokenFactory,
    database: Database,
    org_a: uuid.UUID,
    financial_app: FastAPI,
) -> None:
    token = token_for(org_a, "viewer")
    counts: list[int] = []
    for index in range(2):
        for name in (f"A{index}", f"B{index}", f"C{index}"):
            account = await add_account(database, org_a, name)
            await add_transaction(database, org_a, account, date(2026, 1, 3), "5")
        with statements_of(financial_app) as statements:
            body = await gql(CASH_FLOW, bearer=token, **{"from": "2025-01-01", "to": "2026-06-30"})
        assert len(body["data"]["cashFlow"]["accounts"]) == 3 * (index + 1)
        counts.append(len(statements))
    # The base currency, then every account and month in one grouped query.
    assert counts == [2, 2]
