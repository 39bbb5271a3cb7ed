"""Duplicates: by the bank's id and by content hash, against the database and within a file."""

from __future__ import annotations

import asyncio

from devstack.factories.financial import create_bank_account, import_statement

from ..conftest import GraphQL
from .conftest import (
    GERMAN_LAYOUT,
    sample,
    transactions,
)

LAYOUT = {"dateColumn": "Date", "descriptionColumn": "Text", "amountColumn": "Amount"}


async def test_reimporting_every_format_adds_nothing(gql: GraphQL, member: str) -> None:
    files = [
        ("CSV", sample("statement-de.csv"), {"csvMapping": GERMAN_LAYOUT}),
        ("OFX", sample("statement-1.02.ofx"), {}),
        ("QIF", sample("statement.qif"), {}),
        ("CAMT053", sample("statement.camt053.xml"), {}),
        ("MT940", sample("statement.mt940"), {}),
    ]
    for format, content, extra in files:
        account = await create_bank_account(gql, member, name=format)
        first = await import_statement(gql, member, account["id"], format, content, **extra)
        again = await import_statement(gql, member, account["id"], format, content, **extra)
        rows = first["bankImport"]["rows"]
        assert first["bankImport"]["imported"] == rows > 0, (format, first)
        assert again["bankImport"] | {"id": None} == {
            **first["bankImport"],
            "id": None,
            "imported": 0,
            "duplicates": rows,
        }, format
        assert again["transactionIds"] == []
        assert len(await transactions(gql, member, accountId=account["id"])) == rows


async def test_identical_rows_in_one_file_both_import(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    content = "Date,Text,Amount\n2026-10-28,Coffee,-3.50\n2026-10-28,Coffee,-3.50\n"
    first = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=LAYOUT)
    assert first["bankImport"]["imported"] == 2
    # A later statement overlapping the first: its two coffees are the same two, one is new.
    overlapping = content + "2026-10-28,Coffee,-3.50\n2026-10-29,Lunch,-12.00\n"
    second = await import_statement(
        gql, member, account["id"], "CSV", overlapping, csvMapping=LAYOUT
    )
    assert (second["bankImport"]["imported"], second["bankImport"]["duplicates"]) == (2, 2)
    rows = await transactions(gql, member, accountId=account["id"])
    assert sorted(row["description"] for row in rows) == ["Coffee"] * 3 + ["Lunch"]


async def test_the_content_hash_ignores_case_spacing_and_trailing_zeros(
    gql: GraphQL, member: str
) -> None:
    account = await create_bank_account(gql, member)
    first = "Date,Text,Amount\n2026-10-28,Coffee  Shop,-3.50\n"
    second = "Date,Text,Amount\n2026-10-28,coffee shop,-3.5\n"
    await import_statement(gql, member, account["id"], "CSV", first, csvMapping=LAYOUT)
    again = await import_statement(gql, member, account["id"], "CSV", second, csvMapping=LAYOUT)
    assert again["bankImport"]["duplicates"] == 1


async def test_the_banks_id_recognises_a_reworded_transaction(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    layout = {**LAYOUT, "externalIdColumn": "Ref"}
    first = "Ref,Date,Text,Amount\nA-1,2026-10-28,Card payment,-20.00\n"
    reworded = "Ref,Date,Text,Amount\nA-1,2026-10-28,CARD PAYMENT REWE 4711,-20.00\n"
    await import_statement(gql, member, account["id"], "CSV", first, csvMapping=layout)
    again = await import_statement(gql, member, account["id"], "CSV", reworded, csvMapping=layout)
    assert (again["bankImport"]["imported"], again["bankImport"]["duplicates"]) == (0, 1)


async def test_a_repeated_bank_id_within_a_file_imports_once(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    content = sample("statement-2.ofx").replace("X-20261030-1", "X-20261028-1")
    result = await import_statement(gql, member, account["id"], "OFX", content)
    assert (result["bankImport"]["imported"], result["bankImport"]["duplicates"]) == (1, 1)


async def test_the_same_file_in_another_account_is_not_a_duplicate(
    gql: GraphQL, member: str
) -> None:
    content = sample("statement-2.ofx")
    for name in ("Checking", "Savings"):
        account = await create_bank_account(gql, member, name=name)
        result = await import_statement(gql, member, account["id"], "OFX", content)
        assert result["bankImport"]["imported"] == 2


async def test_concurrent_imports_of_one_file_import_it_once(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    content = sample("statement-1.02.ofx")
    results = await asyncio.gather(
        *(import_statement(gql, member, account["id"], "OFX", content) for _ in range(3))
    )
    imported = sorted(result["bankImport"]["imported"] for result in results)
    assert imported == [0, 0, 3], results
    assert len(await transactions(gql, member, accountId=account["id"])) == 3
