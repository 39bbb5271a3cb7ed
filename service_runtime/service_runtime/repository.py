"""The one small generic base every repository builds on; all SQL lives in repositories."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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

    async def by_ids(self, ids: Sequence[uuid.UUID]) -> list[ModelT | None]:
        """Rows for `ids` in the same order, None where missing (the DataLoader contract)."""
        column: Any = self.model.id  # type: ignore[attr-defined]
        rows = (await self.session.scalars(select(self.model).where(column.in_(ids)))).all()
        found = {row.id: row for row in rows}  # type: ignore[attr-defined]
        return [found.get(id_) for id_ in ids]
