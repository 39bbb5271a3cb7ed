"""Bank-data sync: the provider interface implemented with the `nordigen` SDK against the
fake GoCardless Bank Account Data API, and syncBankAccount importing through the BANK
domain's importer (all or none, duplicates skipped)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from devstack.fakes.gocardless_bank_data import FakeBankData
from devstack.testing import GraphQL
from financial_subgraph.gocardless.bank_data.account_data import (
    AccountDataProvider,
    transaction_from,
)
from financial_subgraph.gocardless.bank_data.provider import BankDataError

LINK = """mutation($accountId: ID!, $providerAccountId: String!) {
  linkBankDataAccount(accountId: $accountId, providerAccountId: $providerAccountId) {
    __typename
    ... on BankDataConnectionPayload { connection { provider providerAccountId syncedThrough } }
    ... on BankSyncError { code field } } }"""

SYNC = """mutation($accountId: ID!, $since: Date) {
  syncBankAccount(accountId: $accountId, since: $since) {
    __typename
    ... on BankSyncPayload { fetched imported duplicates importId transactionIds formulaCells
      connection { syncedThrough lastSyncedAt } }
    ... on BankSyncError { code field }
    ... on BankImportError { importCode: code message } } }"""


def booked(days_ago: int, amount: str, id_: str, name: str = "ACME GmbH") -> dict[str, Any]:
    day = (date.today() - timedelta(days=days_ago)).isoformat()
    party = "debtorName" if Decimal(amount) > 0 else "creditorName"
    return {
        "transactionId": id_,
        "bookingDate": day,
        "valueDate": day,
        "transactionAmount": {"amount": amount, "currency": "EUR"},
        party: name,
        "remittanceInformationUnstructured": f'Invoice, "{id_}"',
    }


def test_berlin_group_entries_become_signed_transactions() -> None:
    incoming = transaction_from(booked(1, "120.50", "T1", "Ada Ltd"))
    outgoing = transaction_from(
        {
            "internalTransactionId": "int-9",
            "bookingDate": "2026-01-02",
            "transactionAmount": {"amount": "-9.99", "currency": "eur"},
            "creditorName": "Coffee Co",
            "creditorAccount": {"iban": "DE89370400440532013000"},
            "remittanceInformationUnstructuredArray": ["card", "payment"],
        }
    )
    assert (incoming.amount, incoming.counterparty, incoming.external_id) == (
        Decimal("120.50"),
        "Ada Ltd",
        "T1",
    )
    assert (outgoing.amount, outgoing.currency, outgoing.external_id) == (
        Decimal("-9.99"),
        "EUR",
        "int-9",
    )
    assert outgoing.counterparty_account == "DE89370400440532013000"
    assert outgoing.description == "card / payment"
    with pytest.raises(ValueError, match="unusable transaction"):
        transaction_from({"bookingDate": "2026-01-02"})


async def test_provider_speaks_to_the_api_through_the_sdk(
    fake_bank_data: FakeBankData, financial_settings: Any
) -> None:
    account_id = fake_bank_data.add_account(
        "DE1", "EUR", [booked(40, "5.00", "A"), booked(2, "7.00", "B")]
    )
    provider = AccountDataProvider(financial_settings)
    institutions = await provider.institutions("GB")
    assert [i.id for i in institutions] == ["REVOLUT_REVOGB21"]
    link = await provider.start_link("SANDBOXFINANCE_SFIN0000", "https://app/back", "ref-1")
    assert link.url.startswith("https://")
    assert await provider.linked_accounts(link.id) == [account_id]
    recent = await provider.transactions(account_id, date.today() - timedelta(days=10))
    assert [t.external_id for t in recent] == ["B"]
    assert (await provider.account(account_id)).currency == "EUR"
    with pytest.raises(BankDataError) as missing:
        await provider.account(str(uuid.uuid4()))
    assert missing.value.code == "ACCOUNT_NOT_FOUND"


async def test_wrong_credentials_are_a_provider_rejection(
    financial_settings: Any,
) -> None:
    wrong = financial_settings.model_copy(
        update={"bank_data_secret_key": financial_settings.bank_data_secret_id}
    )
    with pytest.raises(BankDataError) as refused:
        await AccountDataProvider(wrong).institutions("GB")
    assert refused.value.code == "PROVIDER_REJECTED"


async def test_sync_imports_once_and_then_only_what_is_new(
    world: Any,
    gql: GraphQL,
    member: str,
    admin: str,
    org_a: uuid.UUID,
    fake_bank_data: FakeBankData,
) -> None:
    entries = [
        booked(3, "120.50", "T1"),
        booked(2, "-9.99", "T2", "Coffee Co"),
        booked(1, "15.00", "T3"),
    ]
    remote = fake_bank_data.add_account("DE89370400440532013000", "EUR", entries)
    account_id = await world.bank_account(org_a)
    linked = await gql(LINK, bearer=admin, accountId=str(account_id), providerAccountId=remote)
    assert linked["data"]["linkBankDataAccount"]["connection"]["provider"] == "gocardless_bank_data"

    first = (await gql(SYNC, bearer=member, accountId=str(account_id)))["data"]["syncBankAccount"]
    assert (first["fetched"], first["imported"], first["duplicates"]) == (3, 3, 0)
    assert first["connection"]["syncedThrough"] == (date.today() - timedelta(days=1)).isoformat()

    fake_bank_data.state.transactions[remote].append(booked(0, "42.00", "T4"))
    second = (await gql(SYNC, bearer=member, accountId=str(account_id)))["data"]["syncBankAccount"]
    # From the day before the last booking date synced (T3's): T2 and T3 again, skipped,
    # and the new T4.
    assert (second["fetched"], second["imported"], second["duplicates"]) == (3, 1, 2)

    replay = await gql(SYNC, bearer=member, accountId=str(account_id), since="2000-01-01")
    result = replay["data"]["syncBankAccount"]
    assert (result["fetched"], result["imported"], result["duplicates"]) == (4, 0, 4)


async def test_sync_refusals_are_typed(
    world: Any,
    gql: GraphQL,
    member: str,
    admin: str,
    org_a: uuid.UUID,
    org_b: uuid.UUID,
    fake_bank_data: FakeBankData,
) -> None:
    account_id = await world.bank_account(org_a)
    unlinked = await gql(SYNC, bearer=member, accountId=str(account_id))
    assert unlinked["data"]["syncBankAccount"]["code"] == "NOT_CONNECTED"
    pounds = fake_bank_data.add_account("GB1", "GBP", [])
    mismatch = await gql(LINK, bearer=admin, accountId=str(account_id), providerAccountId=pounds)
    assert mismatch["data"]["linkBankDataAccount"]["code"] == "CURRENCY_MISMATCH"
    unknown = await gql(LINK, bearer=admin, accountId=str(account_id), providerAccountId="nope")
    assert unknown["data"]["linkBankDataAccount"]["code"] == "ACCOUNT_NOT_FOUND"
    foreign = await world.bank_account(org_b)
    hidden = await gql(SYNC, bearer=member, accountId=str(foreign))
    assert hidden["data"]["syncBankAccount"]["code"] == "BANK_ACCOUNT_NOT_FOUND"
    as_member = await gql(LINK, bearer=member, accountId=str(account_id), providerAccountId=pounds)
    assert as_member["data"] is None
    assert as_member["errors"]


async def test_a_bad_row_imports_nothing(
    world: Any,
    gql: GraphQL,
    member: str,
    admin: str,
    org_a: uuid.UUID,
    fake_bank_data: FakeBankData,
) -> None:
    too_precise = booked(2, "1.001", "X2")  # finer than EUR's cents: the importer refuses it
    remote = fake_bank_data.add_account("DE2", "EUR", [booked(3, "10.00", "X1"), too_precise])
    account_id = await world.bank_account(org_a)
    await gql(LINK, bearer=admin, accountId=str(account_id), providerAccountId=remote)
    result = (await gql(SYNC, bearer=member, accountId=str(account_id)))["data"]["syncBankAccount"]
    assert result["__typename"] == "BankImportError"
    assert result["importCode"] == "ROWS_INVALID"
    connection = await gql(
        "query($id: ID!) { bankDataConnection(accountId: $id) { syncedThrough lastSyncedAt } }",
        bearer=member,
        id=str(account_id),
    )
    assert connection["data"]["bankDataConnection"] == {"syncedThrough": None, "lastSyncedAt": None}


async def test_synced_formula_like_text_is_counted(
    world: Any,
    gql: GraphQL,
    member: str,
    admin: str,
    org_a: uuid.UUID,
    fake_bank_data: FakeBankData,
) -> None:
    hostile = booked(1, "-1.00", "T9", '=HYPERLINK("http://evil.example/","Refund")')
    remote = fake_bank_data.add_account("DE89370400440532013000", "EUR", [hostile])
    account_id = await world.bank_account(org_a)
    await gql(LINK, bearer=admin, accountId=str(account_id), providerAccountId=remote)
    synced = (await gql(SYNC, bearer=member, accountId=str(account_id)))["data"]["syncBankAccount"]
    assert (synced["imported"], synced["formulaCells"]) == (1, 1)
