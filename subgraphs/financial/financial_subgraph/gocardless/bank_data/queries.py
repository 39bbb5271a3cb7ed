from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.gocardless.bank_data.mutations import bank_data_provider
from financial_subgraph.gocardless.bank_data.provider import BankDataError
from financial_subgraph.gocardless.bank_data.types import BankDataConnection, BankDataInstitution
from financial_subgraph.gocardless.repository import BankDataConnectionRepository
from service_runtime.errors import ClientError
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

READ = requires_scopes(["financial:read"])


def _unavailable(error: BankDataError) -> ClientError:
    return ClientError(error.message, f"BANK_DATA_{error.code}")


@strawberry.type
class BankDataQuery:
    @strawberry.field(extensions=READ, description="Banks the provider reaches in a country.")
    async def bank_data_institutions(self, info: Info, country: str) -> list[BankDataInstitution]:
        organization_of(info.context.principal)
        try:
            found = await bank_data_provider(info.context.settings).institutions(country)
        except BankDataError as error:
            raise _unavailable(error) from None
        return [BankDataInstitution.from_institution(institution) for institution in found]

    @strawberry.field(extensions=READ, description="Provider accounts a finished consent gave.")
    async def bank_data_linked_accounts(self, info: Info, link_id: str) -> list[str]:
        organization_of(info.context.principal)
        try:
            return await bank_data_provider(info.context.settings).linked_accounts(link_id)
        except BankDataError as error:
            raise _unavailable(error) from None

    @strawberry.field(extensions=READ, description="The bank account's provider link, if any.")
    async def bank_data_connection(
        self, info: Info, account_id: strawberry.ID
    ) -> BankDataConnection | None:
        organization_id = organization_of(info.context.principal)
        account = parse_uuid(account_id)
        if account is None:
            return None
        async with info.context.database.read(organization_id=organization_id) as session:
            row = await BankDataConnectionRepository(session).of_account(organization_id, account)
        return BankDataConnection.from_row(row) if row else None
