"""SQL of document numbering: the organisation's patterns and its counters."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.invoice.models import NumberCounter, NumberingSettings
from service_runtime.repository import TenantRepository


class NumberingRepository(TenantRepository[NumberingSettings]):
    """The organisation's number pattern per kind, and the counters numbers come from."""

    model = NumberingSettings

    async def pattern_of(self, kind: str) -> NumberingSettings | None:
        return await self.session.get(NumberingSettings, (self.organization_id, kind))

    async def stored(self) -> dict[str, NumberingSettings]:
        """The patterns the organisation set, by kind."""
        return {row.kind: row for row in await self.session.scalars(self.scoped())}

    async def save(self, kind: str, pattern: str, yearly_reset: bool) -> None:
        statement = insert(NumberingSettings).values(
            organization_id=self.organization_id,
            kind=kind,
            pattern=pattern,
            yearly_reset=yearly_reset,
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["organization_id", "kind"],
                set_={"pattern": pattern, "yearly_reset": yearly_reset},
            )
        )

    async def next_counter(self, kind: str, scope: str, period: int) -> int:
        """Increment and return the counter; its row stays locked until the transaction ends."""
        statement = insert(NumberCounter).values(
            organization_id=self.organization_id, kind=kind, scope=scope, period=period, value=1
        )
        upsert = statement.on_conflict_do_update(
            index_elements=["organization_id", "kind", "scope", "period"],
            set_={"value": NumberCounter.value + 1},
        ).returning(NumberCounter.value)
        value: int = (await self.session.execute(upsert)).scalar_one()
        return value
