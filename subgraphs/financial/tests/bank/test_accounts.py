"""Bank accounts: creation and validation, edits, archiving, balances and permissions."""

from __future__ import annotations

import uuid

from devstack.factories.financial import create_bank_account, import_statement

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    ACCOUNTS,
    ARCHIVE_ACCOUNT,
    CREATE_ACCOUNT,
    UPDATE_ACCOUNT,
    account,
    sample,
)


async def test_an_account_is_created_normalised(gql: GraphQL, member: str) -> None:
    created = await create_bank_account(
        gql,
        member,
        name="  Business checking ",
        currency="eur",
        iban="de89 3704 0044 0532 0130 00",
        bankName="Commerzbank",
        openingBalance="1000.5",
    )
    assert created | {"id": None} == {
        "id": None,
        "name": "Business checking",
        "currency": "EUR",
        "iban": "DE89370400440532013000",
        "accountNumber": None,
        "bankName": "Commerzbank",
        "openingBalance": "1000.50",
        "archivedAt": None,
        "balance": "1000.50",
    }


async def test_invalid_accounts_get_typed_errors(gql: GraphQL, member: str) -> None:
    cases = [
        ({"currency": "XXY"}, "INVALID_CURRENCY", "currency"),
        ({"currency": "XXX"}, "INVALID_CURRENCY", "currency"),
        ({"currency": "XAU"}, "INVALID_CURRENCY", "currency"),
        ({"currency": "HRK"}, "INVALID_CURRENCY", "currency"),
        ({"name": "  "}, "INVALID_INPUT", "name"),
        ({"iban": "DE00 3704 0044 0532 0130 00"}, "INVALID_INPUT", "iban"),
        ({"currency": "JPY", "openingBalance": "10.5"}, "INVALID_INPUT", "openingBalance"),
    ]
    for fields, code, field in cases:
        body = await gql(
            CREATE_ACCOUNT, bearer=member, input={"name": "Main", "currency": "EUR", **fields}
        )
        result = body["data"]["createBankAccount"]
        assert (result["__typename"], result["code"], result["field"]) == (
            "BankError",
            code,
            field,
        ), fields
    assert (await gql(ACCOUNTS, bearer=member))["data"]["bankAccounts"] == []


async def test_balance_is_the_opening_balance_plus_transactions(gql: GraphQL, member: str) -> None:
    created = await create_bank_account(gql, member, openingBalance="100.00")
    await import_statement(gql, member, created["id"], "OFX", sample("statement-1.02.ofx"))
    body = await gql(
        """query($id: ID!) { bankAccount(id: $id) {
             balance before: balanceOn(date: "2026-10-26") after: balanceOn(date: "2026-10-27")
           } }""",
        bearer=member,
        id=created["id"],
    )
    # 100 - 42.90 (26th) + 1500 (27th) - 89.99 (29th)
    assert body["data"]["bankAccount"] == {
        "balance": "1467.11",
        "before": "57.10",
        "after": "1557.10",
    }


async def test_listing_balances_runs_one_query_for_all_accounts(gql: GraphQL, member: str) -> None:
    for index in range(3):
        created = await create_bank_account(gql, member, name=f"Account {index}")
        content = sample("statement-2.ofx").replace("X-", f"{index}-")
        await import_statement(gql, member, created["id"], "OFX", content)
    body = await gql(ACCOUNTS, bearer=member)
    assert [a["balance"] for a in body["data"]["bankAccounts"]] == ["245.50"] * 3


async def test_update_changes_given_fields_only(gql: GraphQL, member: str) -> None:
    created = await create_bank_account(gql, member, bankName="Old Bank")
    body = await gql(UPDATE_ACCOUNT, bearer=member, id=created["id"], input={"name": "Renamed"})
    updated = body["data"]["updateBankAccount"]["account"]
    assert (updated["name"], updated["bankName"]) == ("Renamed", "Old Bank")
    nulled = await gql(UPDATE_ACCOUNT, bearer=member, id=created["id"], input={"name": None})
    assert nulled["data"]["updateBankAccount"]["code"] == "INVALID_INPUT"


async def test_the_currency_is_fixed_once_transactions_exist(gql: GraphQL, member: str) -> None:
    created = await create_bank_account(gql, member)
    free = await gql(UPDATE_ACCOUNT, bearer=member, id=created["id"], input={"currency": "GBP"})
    assert free["data"]["updateBankAccount"]["account"]["currency"] == "GBP"
    await gql(UPDATE_ACCOUNT, bearer=member, id=created["id"], input={"currency": "EUR"})
    await import_statement(gql, member, created["id"], "OFX", sample("statement-2.ofx"))
    fixed = await gql(UPDATE_ACCOUNT, bearer=member, id=created["id"], input={"currency": "GBP"})
    assert fixed["data"]["updateBankAccount"]["field"] == "currency"


async def test_viewers_read_members_write_admins_archive(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    viewer, member, admin = (token_for(org_a, role) for role in ("viewer", "member", "admin"))
    denied = await gql(CREATE_ACCOUNT, bearer=viewer, input={"name": "X", "currency": "EUR"})
    assert denied["data"] is None
    created = await create_bank_account(gql, member)
    viewer_import = await gql(
        "mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {"
        " __typename } }",
        bearer=viewer,
        input={"accountId": created["id"], "format": "QIF", "content": sample("statement.qif")},
    )
    assert viewer_import["data"] is None
    assert (await account(gql, viewer, created["id"]) or {})["id"] == created["id"]
    member_archive = await gql(ARCHIVE_ACCOUNT, bearer=member, id=created["id"])
    assert member_archive["data"] is None
    archived = await gql(ARCHIVE_ACCOUNT, bearer=admin, id=created["id"])
    assert archived["data"]["archiveBankAccount"]["account"]["archivedAt"] is not None
    again = await gql(ARCHIVE_ACCOUNT, bearer=admin, id=created["id"])
    assert again["data"]["archiveBankAccount"]["code"] == "ALREADY_ARCHIVED"
    assert (await gql(ACCOUNTS, bearer=viewer))["data"]["bankAccounts"] == []
    listed = await gql(ACCOUNTS, bearer=viewer, all=True)
    assert [a["id"] for a in listed["data"]["bankAccounts"]] == [created["id"]]
