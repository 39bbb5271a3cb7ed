"""`financialSettings`."""

from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.organization.types import FinancialSettings, settings_of
from financial_subgraph.scopes import SCOPES


@strawberry.type
class OrganizationQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="The organisation's financial settings (defaults until an admin sets them).",
    )
    async def financial_settings(self, info: Info) -> FinancialSettings:
        return await settings_of(info)
