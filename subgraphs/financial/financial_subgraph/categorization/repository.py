"""SQL of the categorisation domain, for one organisation (TenantRepository scopes each query)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.categorization.models import (
    CategorizationRule,
    CounterpartyCategory,
)
from service_runtime.repository import TenantRepository


class RuleRepository(TenantRepository[CategorizationRule]):
    model = CategorizationRule

    async def ordered(
        self, *, active_only: bool = False, lock: bool = False
    ) -> list[CategorizationRule]:
        statement = self.scoped()
        if active_only:
            statement = statement.where(CategorizationRule.active.is_(True))
        statement = statement.order_by(
            CategorizationRule.position, CategorizationRule.created_at, CategorizationRule.id
        )
        if lock:
            statement = statement.with_for_update()
        return list((await self.session.scalars(statement)).all())

    async def named(self, name: str) -> CategorizationRule | None:
        statement = self.scoped().where(
            func.lower(CategorizationRule.name) == name.lower(),
        )
        row: CategorizationRule | None = await self.session.scalar(statement.limit(1))
        return row

    async def next_position(self) -> int:
        statement = select(func.coalesce(func.max(CategorizationRule.position) + 1, 0)).where(
            CategorizationRule.organization_id == self.organization_id
        )
        return int(await self.session.scalar(statement) or 0)


class LearnedRepository(TenantRepository[CounterpartyCategory]):
    """What manual categorisation taught: counts per (counterparty key, category)."""

    model = CounterpartyCategory

    async def any_learned(self) -> bool:
        statement = select(CounterpartyCategory.id).where(
            CounterpartyCategory.organization_id == self.organization_id,
            CounterpartyCategory.manual_count > 0,
        )
        return await self.session.scalar(statement.limit(1)) is not None

    async def for_keys(self, keys: Sequence[str]) -> list[CounterpartyCategory]:
        if not keys:
            return []
        statement = self.scoped().where(
            CounterpartyCategory.counterparty_key.in_(sorted(set(keys))),
        )
        return list((await self.session.scalars(statement)).all())

    async def count_choice(
        self,
        key: str,
        counterparty: str,
        category_id: uuid.UUID,
        delta: int,
    ) -> None:
        """Add `delta` (+1 or -1) to the manual choices of `category_id` for `key`."""
        if delta > 0:
            statement = insert(CounterpartyCategory).values(
                id=uuid.uuid4(),
                organization_id=self.organization_id,
                counterparty_key=key,
                counterparty=counterparty,
                category_id=category_id,
                manual_count=delta,
            )
            statement = statement.on_conflict_do_update(
                index_elements=["organization_id", "counterparty_key", "category_id"],
                set_={
                    "manual_count": CounterpartyCategory.manual_count + delta,
                    "counterparty": statement.excluded.counterparty,
                    "updated_at": func.now(),
                },
            )
            await self.session.execute(statement)
            return
        await self.session.execute(
            update(CounterpartyCategory)
            .where(
                CounterpartyCategory.organization_id == self.organization_id,
                CounterpartyCategory.counterparty_key == key,
                CounterpartyCategory.category_id == category_id,
                CounterpartyCategory.manual_count > 0,
            )
            .values(manual_count=CounterpartyCategory.manual_count + delta, updated_at=func.now())
        )

    async def suggestion_rows(self, min_count: int) -> list[CounterpartyCategory]:
        """Every row of each counterparty having a category chosen at least `min_count` times
        and not yet accepted or dismissed (the siblings give the agreement ratio)."""
        frequent = select(CounterpartyCategory.counterparty_key).where(
            CounterpartyCategory.organization_id == self.organization_id,
            CounterpartyCategory.manual_count >= min_count,
            CounterpartyCategory.suggestion_state.is_(None),
        )
        statement = (
            self.scoped()
            .where(CounterpartyCategory.counterparty_key.in_(frequent))
            .order_by(CounterpartyCategory.counterparty_key, CounterpartyCategory.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def for_update(self, id_: uuid.UUID) -> CounterpartyCategory | None:
        statement = self.scoped().where(CounterpartyCategory.id == id_).with_for_update()
        row: CounterpartyCategory | None = await self.session.scalar(statement)
        return row
