"""Who may render now: at most `per_organization` renders of one organisation and `workers`
renders in all at a time, each caller waiting a bounded time for its turn.

The organisation's own slot is taken first, so an organisation's queued renders never hold a
worker slot the others could use: one tenant's burst of huge documents costs it its own slot
and leaves the remaining workers to everyone else.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


class NoRenderSlotError(Exception):
    """No slot became free within the wait."""


@dataclass
class _OrganizationSlot:
    semaphore: asyncio.Semaphore
    users: int = 0  # holders and waiters: the entry is dropped at 0, so the map stays small


@dataclass
class RenderSlots:
    workers: int
    per_organization: int
    wait_seconds: float
    _organizations: dict[uuid.UUID, _OrganizationSlot] = field(default_factory=dict)
    _all: asyncio.Semaphore | None = None

    @asynccontextmanager
    async def slot(self, organization_id: uuid.UUID) -> AsyncIterator[None]:
        """Hold a slot for `organization_id`; NoRenderSlotError after `wait_seconds`."""
        if self._all is None:  # created on first use, inside the event loop it belongs to
            self._all = asyncio.Semaphore(self.workers)
        everyone = self._all
        own = self._organizations.get(organization_id)
        if own is None:
            own = _OrganizationSlot(asyncio.Semaphore(self.per_organization))
            self._organizations[organization_id] = own
        own.users += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await own.semaphore.acquire()
                try:
                    await everyone.acquire()
                except BaseException:
                    own.semaphore.release()
                    raise
        except TimeoutError:
            self._leave(organization_id, own)
            raise NoRenderSlotError from None
        except BaseException:
            self._leave(organization_id, own)
            raise
        try:
            yield
        finally:
            everyone.release()
            own.semaphore.release()
            self._leave(organization_id, own)

    def _leave(self, organization_id: uuid.UUID, own: _OrganizationSlot) -> None:
        own.users -= 1
        if own.users == 0:
            del self._organizations[organization_id]

    def busy(self, organization_id: uuid.UUID) -> int:
        """Renders of `organization_id` running or waiting (for tests and metrics)."""
        own = self._organizations.get(organization_id)
        return own.users if own is not None else 0
