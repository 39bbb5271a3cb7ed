"""Async engine and sessions.

Strawberry resolves sibling fields concurrently, so an AsyncSession is never shared by
resolvers: mutations take one write session committed at the edge (`Database.write`),
reads go through per-request DataLoaders that open a short session per batch (`Database.read`).

Both take an optional `organization_id`: it is set as `app.organization_id` for the transaction
(SET LOCAL semantics), which row-level security policies of tenant tables compare against.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 10) -> None:
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=True,
        )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def write(
        self, *, organization_id: uuid.UUID | None = None
    ) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        async with self._sessions() as session, session.begin():
            await set_tenant(session, organization_id)
            yield session

    @asynccontextmanager
    async def read(
        self, *, organization_id: uuid.UUID | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A short session for one DataLoader batch. Closing it (not rolling back) detaches the
        loaded rows without expiring them, so resolvers can read them afterwards."""
        async with self._sessions() as session:
            await set_tenant(session, organization_id)
            yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


async def set_tenant(session: AsyncSession, organization_id: uuid.UUID | None) -> None:
    """Scope the session's current transaction to one organisation (for row-level security).

    `set_config(..., true)` lasts until the transaction ends, so a pooled connection never
    carries one tenant's setting into another request.
    """
    if organization_id is not None:
        await session.execute(
            text("SELECT set_config('app.organization_id', :org, true)"),
            {"org": str(organization_id)},
        )
