from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.gocardless.bank_data import sync
from financial_subgraph.gocardless.bank_data.mutations import bank_data_provider
from financial_subgraph.gocardless.bank_data.provider import BankDataError
from financial_subgraph.gocardless.bank_data.types import BankDataConnection, BankDataInstitution
from financial_subgraph.scopes import SCOPES
from service_runtime.errors import ClientError
from service_runtime.ids import parse_uuid
from service_runtime.tenancy import tenant_of
from service_runtime.work import reading


def _unavailable(error: BankDataError) -> ClientError:
    return ClientError(error.message, f"BANK_DATA_{error.code}")


@strawberry.type
class BankDataQuery:
    @strawberry.field(
        extensions=SCOPES.read, description="Banks the provider reaches in a country."
    )
    async def bank_data_institutions(self, info: Info, country: str) -> list[BankDataInstitution]:
        tenant_of(info)  # only a token of an organisation may ask
        try:
            found = await bank_data_provider(info.context.settings).institutions(country)
        except BankDataError as error:
            raise _unavailable(error) from None
        return [BankDataInstitution.from_institution(institution) for institution in found]

    @strawberry.field(
        extensions=SCOPES.read, description="Provider accounts a finished consent gave."
    )
    async def bank_data_linked_accounts(self, info: Info, link_id: str) -> list[str]:
        tenant_of(info)  # only a token of an organisation may ask
        try:
            return await bank_data_provider(info.context.settings).linked_accounts(link_id)
        except BankDataError as error:
            raise _unavailable(error) from None

    @strawberry.field(
        extensions=SCOPES.read, description="The bank account's provider link, if any."
    )
    async def bank_data_connection(
        self, info: Info, account_id: strawberry.ID
    ) -> BankDataConnection | None:
        account = parse_uuid(account_id)
        if account is None:
            return None
        async with reading(info) as work:
            row = await sync.connection_of(work.session, work.organization_id, account)
        return BankDataConnection.from_row(row) if row else None
