"""Each statement format imported through GraphQL, with what it stores per transaction."""

from __future__ import annotations

from decimal import Decimal

from devstack.factories.financial import create_bank_account, import_statement

from ..conftest import GraphQL
from .conftest import (
    GERMAN_LAYOUT,
    sample,
    transactions,
)


async def test_a_csv_with_a_german_layout_imports_every_row(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(
        gql,
        member,
        account["id"],
        "CSV",
        sample("statement-de.csv"),
        filename="umsaetze.csv",
        csvMapping=GERMAN_LAYOUT,
    )
    assert result["__typename"] == "ImportBankStatementPayload", result
    assert result["bankImport"] | {"id": None, "accountId": None} == {
        "id": None,
        "accountId": None,
        "format": "CSV",
        "filename": "umsaetze.csv",
        "rows": 5,
        "imported": 5,
        "duplicates": 0,
        "errors": 0,
    }
    rows = await transactions(gql, member, accountId=account["id"])
    assert sorted(row["id"] for row in rows) == sorted(result["transactionIds"])
    by_amount = {row["amount"]: row for row in rows}
    assert by_amount["1500.00"]["counterparty"] == "Acme Trading Ltd"
    assert by_amount["1500.00"]["counterpartyAccount"] == "GB29NWBK60161331926819"
    assert by_amount["-42.90"]["description"] == "Kartenzahlung Filiale 4711"  # quoted newline
    assert by_amount["-89.99"]["bookedOn"] == "2026-10-29"
    assert by_amount["-89.99"]["valueDate"] == "2026-10-30"
    assert [row["amount"] for row in rows].count("-3.50") == 2  # two real coffees, both kept
    assert all(row["importId"] == result["bankImport"]["id"] for row in rows)


async def test_a_csv_with_debit_and_credit_columns(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    content = "Date,Details,Paid out,Paid in\n2026-10-26,Rent,950.00,\n2026-10-27,Refund,,12.5\n"
    layout = {
        "dateColumn": "Date",
        "descriptionColumn": "Details",
        "debitColumn": "Paid out",
        "creditColumn": "Paid in",
    }
    result = await import_statement(gql, member, account["id"], "CSV", content, csvMapping=layout)
    assert result["__typename"] == "ImportBankStatementPayload", result
    rows = await transactions(gql, member, accountId=account["id"])
    assert {(row["description"], row["amount"]) for row in rows} == {
        ("Rent", "-950.00"),
        ("Refund", "12.50"),
    }


async def test_ofx_1_sgml_imports_with_fitids(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], "OFX", sample("statement-1.02.ofx"))
    assert result["bankImport"]["imported"] == 3, result
    rows = await transactions(gql, member, accountId=account["id"])
    first = next(row for row in rows if row["externalId"] == "2026102600001")
    assert first | {"id": None, "importId": None, "accountId": None} == {
        "id": None,
        "importId": None,
        "accountId": None,
        "bookedOn": "2026-10-26",
        "valueDate": None,
        "amount": "-42.90",
        "currency": "EUR",
        "description": "Card payment 4711",
        "counterparty": "REWE Markt GmbH",
        "counterpartyAccount": None,
        "externalId": "2026102600001",
        "baseAmount": "-42.90",
        "baseCurrency": "EUR",
        "exchangeRate": "1",
        "categoryId": None,
        "tags": [],
    }


async def test_ofx_2_xml_keeps_the_banks_local_date(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], "OFX", sample("statement-2.ofx"))
    assert result["bankImport"]["imported"] == 2, result
    rows = await transactions(gql, member, accountId=account["id"])
    assert [(row["bookedOn"], row["amount"], row["counterparty"]) for row in rows] == [
        ("2026-10-30", "-4.50", "Account fee"),
        ("2026-10-28", "250.00", "Globex Corporation"),
    ]


async def test_qif_imports_payee_and_memo(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], "QIF", sample("statement.qif"))
    assert result["bankImport"]["imported"] == 3, result
    rows = await transactions(gql, member, accountId=account["id"])
    assert [
        (row["bookedOn"], row["amount"], row["counterparty"], row["description"]) for row in rows
    ] == [
        ("2026-10-29", "-89.99", "Telekom Deutschland", "Mobile October"),
        ("2026-10-27", "1500.00", "Acme Trading Ltd", "Invoice INV-2026-0042"),
        ("2026-10-26", "-42.90", "REWE Markt GmbH", "Card payment 4711"),
    ]


async def test_qif_day_first_dates(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    content = "!Type:Bank\nD03/11/2026\nT-10.00\nPBakery\n^\n"
    result = await import_statement(gql, member, account["id"], "QIF", content, dayFirst=True)
    assert result["bankImport"]["imported"] == 1, result
    rows = await transactions(gql, member, accountId=account["id"])
    assert rows[0]["bookedOn"] == "2026-11-03"


async def test_camt053_splits_a_batch_into_its_payments(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member, iban="DE89 3704 0044 0532 0130 00")
    content = sample("statement.camt053.xml")
    result = await import_statement(gql, member, account["id"], "CAMT053", content)
    assert result["bankImport"]["imported"] == 3, result
    rows = await transactions(gql, member, accountId=account["id"])
    assert sorted(
        (row["externalId"], row["amount"], row["counterparty"], row["counterpartyAccount"])
        for row in rows
    ) == [
        ("2026103000012345", "-190.00", "Hausverwaltung Schmidt KG", "DE02120300000000202051"),
        ("2026103000012346/1", "600.00", "Acme Trading Ltd", "GB29NWBK60161331926819"),
        ("2026103000012346/2", "400.00", "Globex Corporation", "FR1420041010050500013M02606"),
    ]
    assert sum(Decimal(row["amount"]) for row in rows) == Decimal("810.00")  # CLBD - OPBD


async def test_mt940_reads_structured_86_details(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], "MT940", sample("statement.mt940"))
    assert result["bankImport"]["imported"] == 2, result
    rows = await transactions(gql, member, accountId=account["id"])
    assert [
        (
            row["bookedOn"],
            row["amount"],
            row["counterparty"],
            row["counterpartyAccount"],
            row["description"],
        )
        for row in rows
    ] == [
        (
            "2026-10-29",
            "1200.00",
            "Acme Trading Ltd",
            "GB29NWBK60161331926819",
            "Invoice INV-2026-0042 / SEPA-GUTSCHRIFT",
        ),
        (
            "2026-10-28",
            "-25.50",
            "Stadtwerke Musterstadt",
            "DE12500105170648489890",
            "Abschlag Strom Oktober / SEPA-BASISLASTSCHRIFT",
        ),
    ]


async def test_a_saved_csv_mapping_is_used_by_id(gql: GraphQL, member: str) -> None:
    saved = await gql(
        """mutation($name: String!, $layout: CsvLayoutInput!) {
          saveCsvMapping(name: $name, layout: $layout) {
            __typename ... on CsvMappingPayload { mapping { id name delimiter skipRows } }
            ... on BankError { code message field } } }""",
        bearer=member,
        name="Commerzbank",
        layout=GERMAN_LAYOUT,
    )
    mapping = saved["data"]["saveCsvMapping"]["mapping"]
    assert mapping | {"id": None} == {
        "id": None,
        "name": "Commerzbank",
        "delimiter": ";",
        "skipRows": 2,
    }
    listed = await gql("{ csvMappings { id name dateFormat decimalSeparator } }", bearer=member)
    assert listed["data"]["csvMappings"] == [
        {
            "id": mapping["id"],
            "name": "Commerzbank",
            "dateFormat": "%d.%m.%Y",
            "decimalSeparator": ",",
        }
    ]
    account = await create_bank_account(gql, member)
    result = await import_statement(
        gql, member, account["id"], "CSV", sample("statement-de.csv"), csvMappingId=mapping["id"]
    )
    assert result["bankImport"]["imported"] == 5, result
