"""The small generic bases every repository builds on; all SQL lives in repositories.

`TenantRepository` (modelled on Polar's organisation-scoped repositories) names the
organisation in every query it builds, so tenant scoping never depends on RLS alone."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Generic, Self, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.work import Work

ModelT = TypeVar("ModelT")


class Repository(Generic[ModelT]):
    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, id_: uuid.UUID) -> ModelT | None:
        return await self.session.get(self.model, id_)

    async def add(self, instance: ModelT) -> ModelT:
        """Add and flush, so database defaults and the id are known."""
        self.session.add(instance)
        await self.session.flush()
        return instance

    def _selecting(self) -> Select[ModelT]:
        """Where every query of `by_ids` starts (a tenant repository narrows it)."""
        return select(self.model)

    async def by_ids(self, ids: Sequence[uuid.UUID]) -> list[ModelT | None]:
        """Rows for `ids` in the same order, None where missing (the DataLoader contract)."""
        column: Any = self.model.id  # type: ignore[attr-defined]
        rows = (await self.session.scalars(self._selecting().where(column.in_(ids)))).all()
        found = {row.id: row for row in rows}  # type: ignore[attr-defined]
        return [found.get(id_) for id_ in ids]


class TenantRepository(Repository[ModelT]):
    """Rows of one organisation. Subclasses set `model` (with an `organization_id` column) and
    may override `options()` to load relationships with every row. `by_ids` and `add` are the
    base's, on this organisation's rows."""

    def __init__(self, session: AsyncSession, organization_id: uuid.UUID) -> None:
        super().__init__(session)
        self.organization_id = organization_id

    @classmethod
    def of(cls, work: Work) -> Self:
        return cls(work.session, work.organization_id)

    def options(self) -> tuple[Any, ...]:
        return ()

    def scoped(self) -> Select[ModelT]:
        """SELECT of this organisation's rows: every query starts here."""
        column: Any = self.model.organization_id  # type: ignore[attr-defined]
        return select(self.model).where(column == self.organization_id).options(*self.options())

    def _selecting(self) -> Select[ModelT]:
        return self.scoped()

    async def get(self, id_: uuid.UUID) -> ModelT | None:
        """The row, None when absent or another organisation's."""
        column: Any = self.model.id  # type: ignore[attr-defined]
        statement = self.scoped().where(column == id_)
        # populate_existing: a row already in the session gets its relationships loaded too.
        row: ModelT | None = await self.session.scalar(
            statement.execution_options(populate_existing=True)
        )
        return row
