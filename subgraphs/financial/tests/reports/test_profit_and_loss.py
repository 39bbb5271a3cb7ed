from __future__ import annotations

import uuid
from datetime import date
from itertools import pairwise
from typing import Any

from fastapi import FastAPI

from service_runtime.database import Database

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    add_account,
    add_category,
    add_client,
    add_invoice,
    add_payment,
    add_transaction,
    statements_of,
)

MONTHS = "months { month amount }"
LINE = f"categoryId parentId name depth total {MONTHS} ownTotal ownMonths {{ month amount }}"
SECTION = f"lines {{ {LINE} }} {MONTHS} total"
PROFIT_AND_LOSS = f"""
query($from: Date!, $to: Date!) {{
  profitAndLoss(from: $from, to: $to) {{
    __typename
    ... on ProfitAndLoss {{
      from to basis baseCurrency months
      income {{ {SECTION} }}
      expenses {{ {SECTION} }}
      netResult {{ month amount }} netTotal
      realisedFxGainLoss {{ month amount }} realisedFxGainLossTotal
    }}
    ... on ReportError {{ code message field }}
  }}
}}
"""
Q1 = {"from": "2026-01-01", "to": "2026-03-31"}


def months(jan: str, feb: str, mar: str) -> list[dict[str, str]]:
    return [
        {"month": "2026-01-01", "amount": jan},
        {"month": "2026-02-01", "amount": feb},
        {"month": "2026-03-01", "amount": mar},
    ]


def line(
    name: str, values: tuple[str, str, str, str], own: tuple[str, str, str, str] | None = None
) -> dict[str, Any]:
    """A line's name, months and total (and own months and total when they differ)."""
    own = own or values
    return {
        "name": name,
        "months": months(*values[:3]),
        "total": values[3],
        "ownMonths": months(*own[:3]),
        "ownTotal": own[3],
    }


def shape(section: dict[str, Any]) -> list[dict[str, Any]]:
    keys = ("name", "months", "total", "ownMonths", "ownTotal")
    return [{key: item[key] for key in keys} for item in section["lines"]]


async def seed(database: Database, org: uuid.UUID) -> dict[str, uuid.UUID]:
    """A category tree three levels deep, with bookings on and around the quarter's edges."""
    ids: dict[str, uuid.UUID] = {}
    for name, kind, parent in [
        ("Sales", "income", None),
        ("Consulting", "income", "Sales"),
        ("Licences", "income", "Sales"),
        ("Interest", "income", None),
        ("Office", "expense", None),
        ("Rent", "expense", "Office"),
        ("Parking", "expense", "Rent"),
        ("Travel", "expense", None),
        ("Own accounts", "transfer", None),
    ]:
        ids[name] = await add_category(database, org, name, kind, ids.get(parent or ""))
    main = await add_account(database, org, "Main")
    for booked_on, amount, category in [
        (date(2025, 12, 31), "999", "Consulting"),  # before the range
        (date(2026, 1, 1), "1000", "Consulting"),
        (date(2026, 1, 31), "200", "Licences"),
        (date(2026, 2, 1), "50", "Sales"),  # on the parent itself
        (date(2026, 2, 15), "1.23", "Interest"),
        (date(2026, 1, 10), "-800", "Rent"),
        (date(2026, 2, 10), "-800", "Rent"),
        (date(2026, 2, 11), "-30", "Parking"),
        (date(2026, 3, 5), "-12.50", "Office"),
        (date(2026, 3, 6), "-100", "Travel"),
        (date(2026, 3, 7), "20", "Travel"),  # a refund reduces the expense
        (date(2026, 1, 15), "-5000", "Own accounts"),  # a transfer: not income, not expense
        (date(2026, 4, 1), "777", "Consulting"),  # after the range
    ]:
        await add_transaction(database, org, main, booked_on, amount, category_id=ids[category])
    await add_transaction(database, org, main, date(2026, 2, 20), "40")
    await add_transaction(database, org, main, date(2026, 3, 20), "-15")
    dollars = await add_account(database, org, "Dollars", currency="USD")
    await add_transaction(
        database,
        org,
        dollars,
        date(2026, 3, 10),
        "110",
        currency="USD",
        base_amount="100",
        category_id=ids["Consulting"],
    )
    client = await add_client(database, org, "Client")
    invoice = await add_invoice(
        database, org, client, total="1000", currency="USD", rate="0.9", due_date=None
    )
    for paid_on, gain in [
        (date(2026, 1, 20), "-1.25"),
        (date(2026, 3, 10), "2.50"),
        (date(2026, 4, 2), "9"),  # after the range
    ]:
        await add_payment(
            database, org, invoice, amount="100", paid_on=paid_on, base_amount="90", gain=gain
        )
    return ids


async def test_categories_roll_up_the_tree_per_month_in_income_and_expense_sections(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    ids = await seed(database, org_a)
    body = await gql(PROFIT_AND_LOSS, bearer=token_for(org_a, "viewer"), **Q1)
    report = body["data"]["profitAndLoss"]
    assert report["__typename"] == "ProfitAndLoss"
    assert (report["basis"], report["baseCurrency"]) == ("CASH", "EUR")
    assert report["months"] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert shape(report["income"]) == [
        line("Interest", ("0.00", "1.23", "0.00", "1.23")),
        line(
            "Sales", ("1200.00", "50.00", "100.00", "1350.00"), ("0.00", "50.00", "0.00", "50.00")
        ),
        line("Consulting", ("1000.00", "0.00", "100.00", "1100.00")),
        line("Licences", ("200.00", "0.00", "0.00", "200.00")),
        line("Uncategorised income", ("0.00", "40.00", "0.00", "40.00")),
    ]
    assert [(i["depth"], i["categoryId"], i["parentId"]) for i in report["income"]["lines"]] == [
        (0, str(ids["Interest"]), None),
        (0, str(ids["Sales"]), None),
        (1, str(ids["Consulting"]), str(ids["Sales"])),
        (1, str(ids["Licences"]), str(ids["Sales"])),
        (0, None, None),
    ]
    assert report["income"]["months"] == months("1200.00", "91.23", "100.00")
    assert report["income"]["total"] == "1391.23"
    assert shape(report["expenses"]) == [
        line(
            "Office", ("800.00", "830.00", "12.50", "1642.50"), ("0.00", "0.00", "12.50", "12.50")
        ),
        line(
            "Rent", ("800.00", "830.00", "0.00", "1630.00"), ("800.00", "800.00", "0.00", "1600.00")
        ),
        line("Parking", ("0.00", "30.00", "0.00", "30.00")),
        line("Travel", ("0.00", "0.00", "80.00", "80.00")),
        line("Uncategorised expenses", ("0.00", "0.00", "15.00", "15.00")),
    ]
    assert [item["depth"] for item in report["expenses"]["lines"]] == [0, 1, 2, 0, 0]
    assert report["expenses"]["months"] == months("800.00", "830.00", "107.50")
    assert report["expenses"]["total"] == "1737.50"
    assert report["netResult"] == months("400.00", "-738.77", "-7.50")
    assert report["netTotal"] == "-346.27"
    assert report["realisedFxGainLoss"] == months("-1.25", "0.00", "2.50")
    assert report["realisedFxGainLossTotal"] == "1.25"


async def test_an_organisation_never_sees_another_ones_bookings_or_categories(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    ids = await seed(database, org_a)
    theirs = await add_account(database, org_b, "Theirs")
    # org_b's line carries org_a's category id: org_b has no such category, so it is
    # uncategorised for org_b, and never turns up under org_a's Sales.
    await add_transaction(database, org_b, theirs, date(2026, 2, 2), "7", category_id=ids["Sales"])
    token = token_for(org_b, "viewer")
    report = (await gql(PROFIT_AND_LOSS, bearer=token, **Q1))["data"]["profitAndLoss"]
    assert shape(report["income"]) == [
        line("Uncategorised income", ("0.00", "7.00", "0.00", "7.00"))
    ]
    assert report["expenses"]["lines"] == []
    assert report["realisedFxGainLossTotal"] == "0.00"
    ours = await gql(PROFIT_AND_LOSS, bearer=token_for(org_a, "viewer"), **Q1)
    assert ours["data"]["profitAndLoss"]["income"]["total"] == "1391.23"


async def test_a_single_day_range_is_one_month(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    await seed(database, org_a)
    body = await gql(
        PROFIT_AND_LOSS, bearer=token_for(org_a), **{"from": "2026-01-31", "to": "2026-01-31"}
    )
    report = body["data"]["profitAndLoss"]
    assert report["months"] == ["2026-01-01"]
    assert [(item["name"], item["total"]) for item in report["income"]["lines"]] == [
        ("Sales", "200.00"),
        ("Licences", "200.00"),
    ]
    assert report["netTotal"] == "200.00"


async def test_siblings_named_alike_keep_their_children_under_them(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    account = await add_account(database, org_a, "Main")
    for parent_name, child_name in (("Rent", "Zeta"), ("rent", "Alpha")):
        parent = await add_category(database, org_a, parent_name, "expense")
        child = await add_category(database, org_a, child_name, "expense", parent)
        await add_transaction(database, org_a, account, date(2026, 1, 5), "-1", category_id=child)
    body = await gql(PROFIT_AND_LOSS, bearer=token_for(org_a), **Q1)
    lines = body["data"]["profitAndLoss"]["expenses"]["lines"]
    assert sorted(line["name"] for line in lines) == ["Alpha", "Rent", "Zeta", "rent"]
    # Depth first: every child right under its own parent.
    for above, below in pairwise(lines):
        if below["depth"] == 1:
            assert below["parentId"] == above["categoryId"]
    assert [line["depth"] for line in lines] == [0, 1, 0, 1]


async def test_bad_ranges_are_typed_errors(gql: GraphQL, token_for: TokenFactory) -> None:
    token = token_for(uuid.uuid4(), "viewer")
    backwards = await gql(
        PROFIT_AND_LOSS, bearer=token, **{"from": "2026-02-01", "to": "2026-01-31"}
    )
    assert backwards["data"]["profitAndLoss"] == {
        "__typename": "ReportError",
        "code": "INVALID_RANGE",
        "message": "to is before from.",
        "field": "to",
    }
    too_long = await gql(
        PROFIT_AND_LOSS, bearer=token, **{"from": "2023-01-01", "to": "2026-01-01"}
    )
    assert too_long["data"]["profitAndLoss"]["code"] == "RANGE_TOO_LONG"


async def test_profit_and_loss_runs_four_statements_however_many_categories(
    gql: GraphQL,
    token_for: TokenFactory,
    database: Database,
    org_a: uuid.UUID,
    financial_app: FastAPI,
) -> None:
    token = token_for(org_a, "viewer")
    account = await add_account(database, org_a, "Main")
    counts: list[int] = []
    for round_ in range(2):
        parent = await add_category(database, org_a, f"Root {round_}", "expense")
        for index in range(4):
            child = await add_category(database, org_a, f"Child {index}", "expense", parent)
            await add_transaction(
                database, org_a, account, date(2026, 1, 5), "-1", category_id=child
            )
        with statements_of(financial_app) as statements:
            body = await gql(PROFIT_AND_LOSS, bearer=token, **Q1)
        assert len(body["data"]["profitAndLoss"]["expenses"]["lines"]) == 5 * (round_ + 1)
        counts.append(len(statements))
    # Base currency, category months, uncategorised months, exchange differences.
    assert counts == [4, 4]
