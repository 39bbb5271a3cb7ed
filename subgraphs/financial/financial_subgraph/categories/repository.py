"""SQL of the category tree, for one organisation."""

from __future__ import annotations

import uuid

from sqlalchemy import func, text

from financial_subgraph.categories.models import Category
from service_runtime.repository import TenantRepository


class CategoryRepository(TenantRepository[Category]):
    model = Category

    async def lock_tree(self) -> None:
        """Serialise changes to one organisation's tree until the transaction ends, so two
        concurrent moves cannot build a cycle and two creations cannot share a name."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"financial.categories:{self.organization_id}"},
        )

    async def all(self) -> list[Category]:
        """The whole tree (organisations keep tens to hundreds of categories)."""
        statement = self.scoped().order_by(Category.name, Category.id)
        return list((await self.session.scalars(statement)).all())

    async def sibling_named(self, parent_id: uuid.UUID | None, name: str) -> Category | None:
        """A category under `parent_id` whose name equals `name` ignoring case."""
        statement = self.scoped().where(
            Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
            func.lower(Category.name) == name.lower(),
        )
        row: Category | None = await self.session.scalar(statement.limit(1))
        return row
