"""`updateFinancialSettings` (admins)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.organization import service
from financial_subgraph.organization.errors import SettingsError
from financial_subgraph.organization.types import FinancialSettings, FinancialSettingsPayload
from financial_subgraph.scopes import SCOPES
from service_runtime.work import in_transaction, work_of

UpdateFinancialSettingsResult = Annotated[
    FinancialSettingsPayload | SettingsError,
    strawberry.union("UpdateFinancialSettingsResult"),
]


@strawberry.type
class OrganizationMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Set the base currency; possible until the first invoice is issued or"
        " the first bank transaction imported (BASE_CURRENCY_LOCKED after).",
    )
    async def update_financial_settings(
        self, info: Info, base_currency: str
    ) -> UpdateFinancialSettingsResult:
        work = work_of(info)
        outcome = await service.set_base_currency(work.session, work.organization_id, base_currency)
        if isinstance(outcome, SettingsError):
            return outcome
        return FinancialSettingsPayload(settings=FinancialSettings.from_row(outcome))
