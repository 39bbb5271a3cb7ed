"""SQL of the categorisation domain. Every query names the organisation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.categorization.models import (
    CategorizationRule,
    Category,
    CounterpartyCategory,
)
from service_runtime.repository import Repository


class CategoryRepository(Repository[Category]):
    model = Category

    async def lock_tree(self, organization_id: uuid.UUID) -> None:
        """Serialise changes to one organisation's tree until the transaction ends, so two
        concurrent moves cannot build a cycle and two creations cannot share a name."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"financial.categories:{organization_id}"},
        )

    async def all_in_organization(self, organization_id: uuid.UUID) -> list[Category]:
        """The whole tree (organisations keep tens to hundreds of categories)."""
        statement = (
            select(Category)
            .where(Category.organization_id == organization_id)
            .order_by(Category.name, Category.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def in_organization(self, organization_id: uuid.UUID, id_: uuid.UUID) -> Category | None:
        statement = select(Category).where(
            Category.organization_id == organization_id, Category.id == id_
        )
        row: Category | None = await self.session.scalar(statement)
        return row

    async def sibling_named(
        self, organization_id: uuid.UUID, parent_id: uuid.UUID | None, name: str
    ) -> Category | None:
        """A category under `parent_id` whose name equals `name` ignoring case."""
        statement = select(Category).where(
            Category.organization_id == organization_id,
            Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
            func.lower(Category.name) == name.lower(),
        )
        row: Category | None = await self.session.scalar(statement.limit(1))
        return row


class RuleRepository(Repository[CategorizationRule]):
    model = CategorizationRule

    async def ordered(
        self, organization_id: uuid.UUID, *, active_only: bool = False, lock: bool = False
    ) -> list[CategorizationRule]:
        statement = select(CategorizationRule).where(
            CategorizationRule.organization_id == organization_id
        )
        if active_only:
            statement = statement.where(CategorizationRule.active.is_(True))
        statement = statement.order_by(
            CategorizationRule.position, CategorizationRule.created_at, CategorizationRule.id
        )
        if lock:
            statement = statement.with_for_update()
        return list((await self.session.scalars(statement)).all())

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID
    ) -> CategorizationRule | None:
        statement = select(CategorizationRule).where(
            CategorizationRule.organization_id == organization_id, CategorizationRule.id == id_
        )
        row: CategorizationRule | None = await self.session.scalar(statement)
        return row

    async def named(self, organization_id: uuid.UUID, name: str) -> CategorizationRule | None:
        statement = select(CategorizationRule).where(
            CategorizationRule.organization_id == organization_id,
            func.lower(CategorizationRule.name) == name.lower(),
        )
        row: CategorizationRule | None = await self.session.scalar(statement.limit(1))
        return row

    async def next_position(self, organization_id: uuid.UUID) -> int:
        statement = select(func.coalesce(func.max(CategorizationRule.position) + 1, 0)).where(
            CategorizationRule.organization_id == organization_id
        )
        return int(await self.session.scalar(statement) or 0)


class LearnedRepository(Repository[CounterpartyCategory]):
    """What manual categorisation taught: counts per (counterparty key, category)."""

    model = CounterpartyCategory

    async def any_in_organization(self, organization_id: uuid.UUID) -> bool:
        statement = select(CounterpartyCategory.id).where(
            CounterpartyCategory.organization_id == organization_id,
            CounterpartyCategory.manual_count > 0,
        )
        return await self.session.scalar(statement.limit(1)) is not None

    async def for_keys(
        self, organization_id: uuid.UUID, keys: Sequence[str]
    ) -> list[CounterpartyCategory]:
        if not keys:
            return []
        statement = select(CounterpartyCategory).where(
            CounterpartyCategory.organization_id == organization_id,
            CounterpartyCategory.counterparty_key.in_(sorted(set(keys))),
        )
        return list((await self.session.scalars(statement)).all())

    async def count_choice(
        self,
        organization_id: uuid.UUID,
        key: str,
        counterparty: str,
        category_id: uuid.UUID,
        delta: int,
    ) -> None:
        """Add `delta` (+1 or -1) to the manual choices of `category_id` for `key`."""
        if delta > 0:
            statement = insert(CounterpartyCategory).values(
                id=uuid.uuid4(),
                organization_id=organization_id,
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
                CounterpartyCategory.organization_id == organization_id,
                CounterpartyCategory.counterparty_key == key,
                CounterpartyCategory.category_id == category_id,
                CounterpartyCategory.manual_count > 0,
            )
            .values(manual_count=CounterpartyCategory.manual_count + delta, updated_at=func.now())
        )

    async def suggestion_rows(
        self, organization_id: uuid.UUID, min_count: int
    ) -> list[CounterpartyCategory]:
        """Every row of each counterparty having a category chosen at least `min_count` times
        and not yet accepted or dismissed (the siblings give the agreement ratio)."""
        frequent = select(CounterpartyCategory.counterparty_key).where(
            CounterpartyCategory.organization_id == organization_id,
            CounterpartyCategory.manual_count >= min_count,
            CounterpartyCategory.suggestion_state.is_(None),
        )
        statement = (
            select(CounterpartyCategory)
            .where(
                CounterpartyCategory.organization_id == organization_id,
                CounterpartyCategory.counterparty_key.in_(frequent),
            )
            .order_by(CounterpartyCategory.counterparty_key, CounterpartyCategory.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID, *, lock: bool = False
    ) -> CounterpartyCategory | None:
        statement = select(CounterpartyCategory).where(
            CounterpartyCategory.organization_id == organization_id,
            CounterpartyCategory.id == id_,
        )
        if lock:
            statement = statement.with_for_update()
        row: CounterpartyCategory | None = await self.session.scalar(statement)
        return row
