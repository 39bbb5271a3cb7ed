"""Linking one of our bank accounts to a provider account, and syncing its transactions.

A sync fetches booked transactions from the day before the last one synced (late bookings
are caught; the overlap is deduplicated by the importer) and imports them all or none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.errors import BankImportError
from financial_subgraph.bank.importing import ImportOutcome, import_statement
from financial_subgraph.bank.models import BankAccount
from financial_subgraph.bank.repository import BankAccountRepository
from financial_subgraph.gocardless.bank_data.errors import (
    BankSyncError,
    BankSyncErrorCode,
    sync_error,
)
from financial_subgraph.gocardless.bank_data.models import BankDataConnection
from financial_subgraph.gocardless.bank_data.provider import BankDataError, BankDataProvider
from financial_subgraph.gocardless.bank_data.repository import BankDataConnectionRepository
from financial_subgraph.gocardless.bank_data.statement import statement_of
from service_runtime.models import utcnow

FIRST_SYNC_DAYS = 90
OVERLAP = timedelta(days=1)


@dataclass(frozen=True)
class SyncOutcome:
    connection: BankDataConnection
    fetched: int
    imported: ImportOutcome | None  # None when the provider had nothing new


def provider_error(error: BankDataError) -> BankSyncError:
    return sync_error(BankSyncErrorCode(error.code), error.message)


async def _account(
    session: AsyncSession, organization_id: uuid.UUID, account_id: uuid.UUID
) -> BankAccount | BankSyncError:
    account = await BankAccountRepository(session, organization_id).for_update(account_id)
    if account is None:
        message = "No such bank account."
        return sync_error(BankSyncErrorCode.BANK_ACCOUNT_NOT_FOUND, message, "accountId")
    return account


async def connection_of(
    session: AsyncSession, organization_id: uuid.UUID, account_id: uuid.UUID
) -> BankDataConnection | None:
    """The bank account's provider link, if any."""
    return await BankDataConnectionRepository(session, organization_id).of_account(account_id)


async def link_account(
    session: AsyncSession,
    provider: BankDataProvider,
    organization_id: uuid.UUID,
    account_id: uuid.UUID,
    provider_account_id: str,
) -> BankDataConnection | BankSyncError:
    """Feed our account from the provider's account (replacing an earlier link)."""
    account = await _account(session, organization_id, account_id)
    if isinstance(account, BankSyncError):
        return account
    try:
        remote = await provider.account(provider_account_id)
    except BankDataError as error:
        return provider_error(error)
    if remote.currency and remote.currency.upper() != account.currency:
        message = f"The provider's account is in {remote.currency}, ours in {account.currency}."
        return sync_error(BankSyncErrorCode.CURRENCY_MISMATCH, message, "providerAccountId")
    repository = BankDataConnectionRepository(session, organization_id)
    connection = await repository.of_account(account_id)
    if connection is None:
        connection = BankDataConnection(organization_id=organization_id, bank_account_id=account_id)
        session.add(connection)
    if connection.external_account_id != provider_account_id:
        connection.synced_through = None
    connection.provider = provider.name
    connection.external_account_id = provider_account_id
    await session.flush()
    return connection


async def sync_account(
    session: AsyncSession,
    provider: BankDataProvider,
    organization_id: uuid.UUID,
    account_id: uuid.UUID,
    since: date | None = None,
    *,
    early_tolerance_days: int,
) -> SyncOutcome | BankSyncError | BankImportError:
    """Import the provider's booked transactions since `since` (default: see module doc);
    `early_tolerance_days`: payment matching's, see PaymentMatcher."""
    account = await _account(session, organization_id, account_id)
    if isinstance(account, BankSyncError):
        return account
    connection = await BankDataConnectionRepository(session, organization_id).of_account(account_id)
    if connection is None:
        message = "The account is not linked to a bank-data provider."
        return sync_error(BankSyncErrorCode.NOT_CONNECTED, message, "accountId")
    today = utcnow().date()
    start = since or (
        connection.synced_through - OVERLAP
        if connection.synced_through
        else today - timedelta(days=FIRST_SYNC_DAYS)
    )
    try:
        transactions = await provider.transactions(connection.external_account_id, start)
    except BankDataError as error:
        return provider_error(error)
    foreign = sorted({t.currency for t in transactions if t.currency != account.currency})
    if foreign:
        sent = ", ".join(foreign)
        message = f"The provider sent {sent} transactions into a {account.currency} account."
        return sync_error(BankSyncErrorCode.CURRENCY_MISMATCH, message, "accountId")
    imported = None
    if transactions:
        statement = statement_of(account_id, provider.name, transactions, today)
        outcome = await import_statement(
            session, organization_id, statement, early_tolerance_days=early_tolerance_days
        )
        if isinstance(outcome, BankImportError):
            return outcome
        imported = outcome
        latest = max(t.booked_on for t in transactions)
        connection.synced_through = max(latest, connection.synced_through or latest)
    connection.last_synced_at = utcnow()
    await session.flush()
    return SyncOutcome(connection, len(transactions), imported)
