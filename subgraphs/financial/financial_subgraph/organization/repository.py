"""SQL of the organisation's financial settings."""

from __future__ import annotations

from sqlalchemy import text

from financial_subgraph.organization.models import OrganizationSettings
from service_runtime.repository import TenantRepository

# Tables holding amounts converted into the base currency. Named rather than imported: the
# invoice and bank packages build on this one, not the other way round.
_CONVERTED_AMOUNTS = text(
    "SELECT EXISTS (SELECT 1 FROM financial.invoices"
    "   WHERE organization_id = :org AND base_total IS NOT NULL)"
    " OR EXISTS (SELECT 1 FROM financial.bank_transactions WHERE organization_id = :org)"
)


class SettingsRepository(TenantRepository[OrganizationSettings]):
    """The organisation's one settings row (absent until it changes a default)."""

    model = OrganizationSettings

    async def stored(self) -> OrganizationSettings | None:
        return await self.session.get(OrganizationSettings, self.organization_id)

    async def has_converted_amounts(self) -> bool:
        """Whether any stored amount was converted into the current base currency."""
        found = await self.session.scalar(_CONVERTED_AMOUNTS, {"org": self.organization_id})
        return bool(found)
