"""Bad statements: a typed error with a code, every bad row listed, and nothing written."""

from __future__ import annotations

import uuid

import pytest

from devstack.factories.financial import create_bank_account, import_statement

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    GERMAN_LAYOUT,
    load_rates,
    sample,
    transactions,
)

FIVE_ROWS_TWO_BAD = """Date,Description,Amount
2026-10-26,Groceries,-42.90
2026-10-27,Customer payment,1500.00
2026-13-01,Broken date,-10.00
2026-10-28,Coffee,-3.5O
2026-10-29,Phone,-89.99
"""
LAYOUT = {"dateColumn": "Date", "descriptionColumn": "Description", "amountColumn": "Amount"}


async def test_two_bad_rows_of_five_are_both_listed_and_nothing_is_written(
    gql: GraphQL, member: str
) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(
        gql, member, account["id"], "CSV", FIVE_ROWS_TWO_BAD, csvMapping=LAYOUT
    )
    assert result["__typename"] == "BankImportError"
    assert result["code"] == "ROWS_INVALID"
    assert result["rows"] == [
        {
            "row": 4,
            "field": "date",
            "message": "'2026-13-01' does not match the date format %Y-%m-%d",
        },
        {"row": 5, "field": "amount", "message": "'-3.5O' is not an amount"},
    ]
    assert await transactions(gql, member, accountId=account["id"]) == []


@pytest.mark.parametrize(
    ("format", "content"),
    [
        ("OFX", "this is not an OFX file"),
        ("OFX", sample("statement-1.02.ofx").split("<BANKMSGSRSV1>")[0]),
        ("QIF", "D10/26/2026\nT-1.00\n^\n"),
        ("QIF", "!Type:Invst\nD10/26/2026\n^\n"),
        ("CAMT053", "<Document><BkToCstmrStmt>"),
        ("CAMT053", "<?xml version='1.0'?><Document xmlns='urn:x'><Other/></Document>"),
        ("MT940", "hello"),
        ("MT940", sample("statement.mt940").replace(":60F:C261027EUR1000,00", ":60F:X")),
        ("CSV", "Datum,Text\n2026-10-26,no amount column\n"),
        ("CSV", 'Date,Description,Amount\n2026-10-26,"unterminated,-1.00\n'),
    ],
)
async def test_a_malformed_file_is_refused_whole(
    gql: GraphQL, member: str, format: str, content: str
) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], format, content, csvMapping=LAYOUT)
    assert result["__typename"] == "BankImportError", result
    assert result["code"] == "MALFORMED_FILE", result
    assert await transactions(gql, member, accountId=account["id"]) == []


async def test_bad_rows_are_listed_for_every_format(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    cases = {
        "OFX": (
            sample("statement-1.02.ofx")
            .replace("<TRNAMT>1500.00", "<TRNAMT>15x0")
            .replace("<DTPOSTED>20261029", "<DTPOSTED>20261329"),
            [(2, "TRNAMT"), (3, "STMTTRN")],
        ),
        "QIF": (
            sample("statement.qif").replace("T1,500.00", "Tabc").replace("D10/29", "D13/45"),
            [(7, "T"), (12, "D")],
        ),
        "CAMT053": (
            sample("statement.camt053.xml").replace(
                '<Amt Ccy="EUR">190.00</Amt>\n        <CdtDbtInd>DBIT',
                '<Amt Ccy="EUR">1x0</Amt>\n        <CdtDbtInd>DBIT',
            ),
            [(1, "Amt")],
        ),
        "MT940": (
            sample("statement.mt940")
            .replace(":61:2610281028D25,50", ":61:26XX1028D25,50")
            .replace(":61:2610291029C1200,00", ":61:2610291029X1200,00"),
            [(5, ":61:"), (7, ":61:")],
        ),
    }
    for format, (content, expected) in cases.items():
        result = await import_statement(gql, member, account["id"], format, content)
        assert result.get("code") == "ROWS_INVALID", (format, result)
        assert [(row["row"], row["field"]) for row in result["rows"]] == expected, format
    assert await transactions(gql, member, accountId=account["id"]) == []


async def test_a_statement_in_another_currency_is_refused(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member, currency="USD")
    for format, name in [
        ("OFX", "statement-1.02.ofx"),
        ("CAMT053", "statement.camt053.xml"),
        ("MT940", "statement.mt940"),
    ]:
        result = await import_statement(gql, member, account["id"], format, sample(name))
        assert result["code"] == "CURRENCY_MISMATCH", (format, result)
    assert await transactions(gql, member, accountId=account["id"]) == []


async def test_more_decimals_than_the_currency_has_is_a_row_error(
    gql: GraphQL, member: str, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    await load_rates(gql, token_for(org_a, "admin"))
    account = await create_bank_account(gql, member, currency="JPY")
    content = "Date,Description,Amount\n2026-10-26,Ramen,-980\n2026-10-27,Odd,-12.5\n"
    result = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=LAYOUT)
    assert result["code"] == "ROWS_INVALID"
    assert result["rows"] == [
        {"row": 3, "field": "amount", "message": "-12.5 has more decimals than JPY has"}
    ]


async def test_unknown_or_foreign_accounts_are_not_found(
    gql: GraphQL, member: str, token_for: TokenFactory, org_b: uuid.UUID
) -> None:
    foreign = await create_bank_account(gql, token_for(org_b))
    for account_id in [str(uuid.uuid4()), "not-an-id", foreign["id"]]:
        result = await import_statement(gql, member, account_id, "OFX", sample("statement-2.ofx"))
        assert result["code"] == "ACCOUNT_NOT_FOUND", result
    assert await transactions(gql, token_for(org_b), accountId=foreign["id"]) == []


async def test_an_archived_account_takes_no_imports(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, "admin")
    account = await create_bank_account(gql, admin)
    archived = await gql(
        "mutation($id: ID!) { archiveBankAccount(id: $id) { __typename } }",
        bearer=admin,
        id=account["id"],
    )
    assert archived["data"]["archiveBankAccount"]["__typename"] == "BankAccountPayload"
    result = await import_statement(gql, admin, account["id"], "OFX", sample("statement-2.ofx"))
    assert result["code"] == "ACCOUNT_ARCHIVED"


async def test_csv_needs_a_valid_mapping(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    content = sample("statement-de.csv")
    missing = await import_statement(gql, member, account["id"], "CSV", content)
    assert (missing["code"], missing["field"]) == ("INVALID_MAPPING", "csvMapping")
    unknown = await import_statement(
        gql, member, account["id"], "CSV", content, csvMappingId=str(uuid.uuid4())
    )
    assert unknown["code"] == "MAPPING_NOT_FOUND"
    bad_format = await import_statement(
        gql,
        member,
        account["id"],
        "CSV",
        content,
        csvMapping={**GERMAN_LAYOUT, "dateFormat": "%d.%m"},
    )
    assert (bad_format["code"], bad_format["field"]) == ("INVALID_MAPPING", "csvMapping.dateFormat")
    both = await import_statement(
        gql,
        member,
        account["id"],
        "CSV",
        content,
        csvMapping={**GERMAN_LAYOUT, "debitColumn": "Betrag"},
    )
    assert (both["code"], both["field"]) == ("INVALID_MAPPING", "csvMapping.amountColumn")
