from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlsplit

import strawberry

from financial_subgraph.bank.errors import BankImportError
from financial_subgraph.context import Info
from financial_subgraph.gocardless.bank_data import sync
from financial_subgraph.gocardless.bank_data.account_data import AccountDataProvider
from financial_subgraph.gocardless.bank_data.errors import (
    BankSyncError,
    BankSyncErrorCode,
    sync_error,
)
from financial_subgraph.gocardless.bank_data.provider import BankDataError, BankDataProvider
from financial_subgraph.gocardless.bank_data.types import (
    BankDataConnection,
    BankDataConnectionPayload,
    BankDataLinkPayload,
    BankSyncPayload,
)
from financial_subgraph.scopes import SCOPES
from financial_subgraph.settings import FinancialSettings
from service_runtime.ids import parse_uuid
from service_runtime.tenancy import tenant_of
from service_runtime.work import in_transaction, work_of

StartBankDataLinkResult = Annotated[
    BankDataLinkPayload | BankSyncError, strawberry.union("StartBankDataLinkResult")
]
LinkBankDataAccountResult = Annotated[
    BankDataConnectionPayload | BankSyncError, strawberry.union("LinkBankDataAccountResult")
]
SyncBankAccountResult = Annotated[
    BankSyncPayload | BankSyncError | BankImportError, strawberry.union("SyncBankAccountResult")
]

# A sync is an import: members may run it.


def bank_data_provider(settings: FinancialSettings) -> BankDataProvider:
    return AccountDataProvider(settings)


def _no_account() -> BankSyncError:
    return sync_error(
        BankSyncErrorCode.BANK_ACCOUNT_NOT_FOUND, "No such bank account.", "accountId"
    )


def _sync_payload(outcome: sync.SyncOutcome) -> BankSyncPayload:
    imported = outcome.imported
    ids = imported.transaction_ids if imported else []
    return BankSyncPayload(
        connection=BankDataConnection.from_row(outcome.connection),
        fetched=outcome.fetched,
        imported=len(ids),
        duplicates=imported.bank_import.duplicates if imported else 0,
        import_id=strawberry.ID(str(imported.bank_import.id)) if imported else None,
        transaction_ids=[strawberry.ID(str(id_)) for id_ in ids],
        formula_cells=imported.formula_flags.count if imported else 0,
    )


@strawberry.type
class BankDataMutation:
    @strawberry.mutation(
        extensions=SCOPES.admin,  # writes nothing: the consent lives at the provider
        description="Start a consent at a bank (GoCardless Bank Account Data); the account "
        "holder opens the returned URL.",
    )
    async def start_bank_data_link(
        self, info: Info, institution_id: str, redirect_uri: str
    ) -> StartBankDataLinkResult:
        organization_id = tenant_of(info).organization_id
        if urlsplit(redirect_uri).scheme not in ("http", "https") or not institution_id.strip():
            return sync_error(
                BankSyncErrorCode.INVALID_INPUT, "Give an institution and an http(s) redirectUri."
            )
        try:
            provider = bank_data_provider(info.context.settings)
            link = await provider.start_link(institution_id, redirect_uri, str(organization_id))
        except BankDataError as error:
            return sync.provider_error(error)
        return BankDataLinkPayload(link_id=link.id, url=link.url)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Feed a bank account from an account at the provider.",
    )
    async def link_bank_data_account(
        self, info: Info, account_id: strawberry.ID, provider_account_id: str
    ) -> LinkBankDataAccountResult:
        work = work_of(info)
        account = parse_uuid(account_id)
        if account is None:
            return _no_account()
        try:
            provider = bank_data_provider(info.context.settings)
        except BankDataError as error:
            return sync.provider_error(error)
        outcome = await sync.link_account(
            work.session, provider, work.organization_id, account, provider_account_id
        )
        if isinstance(outcome, BankSyncError):
            return outcome
        return BankDataConnectionPayload(connection=BankDataConnection.from_row(outcome))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Import the linked provider account's booked transactions (all or none; "
        "those imported before are skipped).",
    )
    async def sync_bank_account(
        self, info: Info, account_id: strawberry.ID, since: date | None = None
    ) -> SyncBankAccountResult:
        work = work_of(info)
        account = parse_uuid(account_id)
        if account is None:
            return _no_account()
        try:
            provider = bank_data_provider(info.context.settings)
        except BankDataError as error:
            return sync.provider_error(error)
        outcome = await sync.sync_account(
            work.session,
            provider,
            work.organization_id,
            account,
            since,
            early_tolerance_days=info.context.settings.early_payment_tolerance_days,
        )
        if isinstance(outcome, BankSyncError | BankImportError):
            return outcome
        return _sync_payload(outcome)
