"""Base-currency amounts at each transaction's own date, from the stored ECB rates."""

from __future__ import annotations

import uuid
from decimal import Decimal

from devstack.factories.financial import create_bank_account, import_statement

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    load_rates,
    transactions,
)

LAYOUT = {"dateColumn": "Date", "descriptionColumn": "Text", "amountColumn": "Amount"}


async def test_a_usd_account_in_a_euro_organisation_stores_euro_amounts(
    gql: GraphQL, member: str, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    await load_rates(gql, token_for(org_a, "admin"))
    account = await create_bank_account(gql, member, currency="USD")
    # 2026-10-25 is a Sunday: the Friday (2026-10-23) rate applies.
    content = "Date,Text,Amount\n2026-10-30,Sale,1117.20\n2026-10-25,Fee,-10.00\n"
    result = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=LAYOUT)
    assert result["__typename"] == "ImportBankStatementPayload", result
    rows = {row["description"]: row for row in await transactions(gql, member)}
    sale, fee = rows["Sale"], rows["Fee"]
    assert (sale["amount"], sale["currency"], sale["baseCurrency"]) == ("1117.20", "USD", "EUR")
    usd_on_30 = Decimal("1.1172")  # EUR 1 = USD 1.1172 on 2026-10-30 (the ECB file)
    assert Decimal(sale["exchangeRate"]) == (1 / usd_on_30).quantize(Decimal("1E-10"))
    assert sale["baseAmount"] == "1000.00"
    friday = (
        await gql(
            'query { exchangeRate(base: "USD", quote: "EUR", date: "2026-10-25") {'
            " ... on ExchangeRate { rate date } } }",
            bearer=member,
        )
    )["data"]["exchangeRate"]
    assert friday["date"] == "2026-10-23"
    assert Decimal(fee["exchangeRate"]) == Decimal(friday["rate"])
    expected = (Decimal("-10.00") * Decimal(friday["rate"])).quantize(Decimal("0.01"))
    assert Decimal(fee["baseAmount"]) == expected


async def test_a_date_without_a_recent_rate_is_a_row_error(
    gql: GraphQL, member: str, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    await load_rates(gql, token_for(org_a, "admin"))
    account = await create_bank_account(gql, member, currency="USD")
    content = "Date,Text,Amount\n2026-10-30,Sale,100.00\n2026-12-01,Later,5.00\n"
    result = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=LAYOUT)
    assert result["code"] == "ROWS_INVALID"
    assert result["rows"] == [
        {
            "row": 3,
            "field": "bookedOn",
            "message": "No USD/EUR rate within 7 days before 2026-12-01.",
        }
    ]
    assert await transactions(gql, member) == []


async def test_an_account_in_the_base_currency_needs_no_rate(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member, currency="EUR")
    content = "Date,Text,Amount\n1999-01-04,Old,12.34\n"
    result = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=LAYOUT)
    assert result["bankImport"]["imported"] == 1, result
    [row] = await transactions(gql, member)
    assert (row["baseAmount"], row["exchangeRate"]) == ("12.34", "1")
