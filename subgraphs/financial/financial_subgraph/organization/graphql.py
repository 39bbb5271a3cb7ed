"""`financialSettings` and `updateFinancialSettings`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.organization import service
from financial_subgraph.organization.errors import SettingsError
from financial_subgraph.organization.models import OrganizationSettings as SettingsRow
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of


@strawberry.type
class FinancialSettings:
    base_currency: str = strawberry.field(
        description="ISO-4217 code reports and stored base amounts are in."
    )

    @classmethod
    def from_row(cls, row: SettingsRow) -> FinancialSettings:
        return cls(base_currency=row.base_currency)


@strawberry.federation.type(keys=["id"], name="Organization")
class Organization:
    """auth's Organization, extended with its financial settings (resolved only for the
    caller's own organisation, like every financial row)."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, info: Info, id: strawberry.ID) -> Organization | None:
        principal = info.context.principal
        if principal is None or str(principal.organization_id) != str(id):
            return None
        return cls(id=id)

    @strawberry.field(extensions=requires_scopes(["financial:read"]))
    async def financial_settings(self, info: Info) -> FinancialSettings:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            return FinancialSettings.from_row(await service.settings_of(session, organization_id))


@strawberry.type
class FinancialSettingsPayload:
    settings: FinancialSettings


UpdateFinancialSettingsResult = Annotated[
    FinancialSettingsPayload | SettingsError,
    strawberry.union("UpdateFinancialSettingsResult"),
]


@strawberry.type
class OrganizationQuery:
    @strawberry.field(
        extensions=requires_scopes(["financial:read"]),
        description="The organisation's financial settings (defaults until an admin sets them).",
    )
    async def financial_settings(self, info: Info) -> FinancialSettings:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            return FinancialSettings.from_row(await service.settings_of(session, organization_id))


@strawberry.type
class OrganizationMutation:
    @strawberry.mutation(
        extensions=requires_scopes(["financial:admin"]),
        description="Set the base currency; possible until the first invoice is issued or"
        " the first bank transaction imported (BASE_CURRENCY_LOCKED after).",
    )
    async def update_financial_settings(
        self, info: Info, base_currency: str
    ) -> UpdateFinancialSettingsResult:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.write(organization_id=organization_id) as session:
            outcome = await service.set_base_currency(session, organization_id, base_currency)
            if isinstance(outcome, SettingsError):
                return outcome
            return FinancialSettingsPayload(settings=FinancialSettings.from_row(outcome))
