"""GraphQL types of an organisation's financial settings, and auth's Organization extended."""

from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.organization import service
from financial_subgraph.organization.models import OrganizationSettings as SettingsRow
from financial_subgraph.scopes import SCOPES
from service_runtime.work import reading


@strawberry.type
class FinancialSettings:
    base_currency: str = strawberry.field(
        description="ISO-4217 code reports and stored base amounts are in."
    )

    @classmethod
    def from_row(cls, row: SettingsRow) -> FinancialSettings:
        return cls(base_currency=row.base_currency)


async def settings_of(info: Info) -> FinancialSettings:
    async with reading(info) as work:
        return FinancialSettings.from_row(
            await service.settings_of(work.session, work.organization_id)
        )


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

    @strawberry.field(extensions=SCOPES.read)
    async def financial_settings(self, info: Info) -> FinancialSettings:
        return await settings_of(info)


@strawberry.type
class FinancialSettingsPayload:
    settings: FinancialSettings
