"""Rendering a document within its bounds: a slot for the organisation, then the template
run and the PDF layout in a worker process, answered with a typed error when a bound bites.

One DocumentRenderer per service process (created with the app, reached from resolvers via
`renderer_of`); its fork server starts in the background when the service starts, its
workers on the first render.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from financial_subgraph.documents.errors import DocumentError, DocumentErrorCode, document_error
from financial_subgraph.documents.render.pool import (
    RenderPool,
    RenderTimeoutError,
    WorkerDiedError,
)
from financial_subgraph.documents.render.slots import NoRenderSlotError, RenderSlots
from financial_subgraph.documents.render.worker import TooManyPagesError

if TYPE_CHECKING:
    from collections.abc import Callable

    from financial_subgraph.context import Info
    from financial_subgraph.settings import FinancialSettings

T = TypeVar("T")


@dataclass(frozen=True)
class RenderLimits:
    workers: int = 2
    timeout_seconds: float = 8.0
    memory_mb: int = 768
    max_pages: int = 200
    per_organization: int = 1
    queue_seconds: float = 3.0

    @classmethod
    def from_settings(cls, settings: FinancialSettings) -> RenderLimits:
        return cls(
            workers=settings.render_workers,
            timeout_seconds=settings.render_timeout_seconds,
            memory_mb=settings.render_memory_mb,
            max_pages=settings.render_max_pages,
            per_organization=settings.render_per_organization,
            queue_seconds=settings.render_queue_seconds,
        )


class RenderRefusedError(Exception):
    """A render bound bit: carries the typed error to answer with."""

    def __init__(self, error: DocumentError) -> None:
        super().__init__(error.message)
        self.error = error


class RenderSession:
    """One organisation's slot: every worker step of one render shares one deadline, set
    when the render asked for its slot (so the wait counts too)."""

    def __init__(self, renderer: DocumentRenderer, deadline: float) -> None:
        self.renderer = renderer
        self.deadline = deadline

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a worker; RenderRefusedError when a bound bites."""
        limits = self.renderer.limits
        try:
            return await self.renderer.pool.run(self.deadline - time.monotonic(), function, *args)
        except RenderTimeoutError:
            message = f"The document took longer than {limits.timeout_seconds:g} s to render."
            raise RenderRefusedError(refused(DocumentErrorCode.RENDER_TIMEOUT, message)) from None
        except TooManyPagesError:
            message = f"The document has more than {limits.max_pages} pages."
            raise RenderRefusedError(refused(DocumentErrorCode.RENDER_TOO_LARGE, message)) from None
        except RecursionError:  # WeasyPrint lays out nested boxes recursively
            message = "The document's HTML is nested too deeply to lay out."
            raise RenderRefusedError(refused(DocumentErrorCode.RENDER_TOO_LARGE, message)) from None
        except WorkerDiedError as died:
            cause = "" if died.out_of_memory else " (its renderer stopped abnormally)"
            message = f"The document needed more than {limits.memory_mb} MB to render{cause}."
            code = DocumentErrorCode.RENDER_MEMORY_EXCEEDED
            raise RenderRefusedError(refused(code, message)) from None


def refused(code: DocumentErrorCode, message: str) -> DocumentError:
    return document_error(code, message)


class DocumentRenderer:
    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.pool = RenderPool(limits.workers, limits.memory_mb)
        # A render waits for its slot at most queue_seconds, and never past its deadline.
        wait = min(limits.queue_seconds, limits.timeout_seconds)
        self.slots = RenderSlots(limits.workers, limits.per_organization, wait)

    @asynccontextmanager
    async def session(self, organization_id: uuid.UUID) -> AsyncIterator[RenderSession]:
        """`async with renderer.session(org) as render:`; RenderRefusedError (RENDER_BUSY)
        when the organisation (or every worker) stays busy through the wait."""
        await self.pool.started()  # the first render's budget is not spent forking workers
        deadline = time.monotonic() + self.limits.timeout_seconds
        try:
            async with self.slots.slot(organization_id):
                yield RenderSession(self, deadline)
        except NoRenderSlotError:  # raised only while waiting for the slot
            message = "Too many documents are rendering right now; try again shortly."
            raise RenderRefusedError(refused(DocumentErrorCode.RENDER_BUSY, message)) from None

    async def start(self) -> None:
        """Get the workers' fork server ready (the first render would, but later)."""
        await self.pool.start_fork_server()

    async def stop(self) -> None:
        await asyncio.to_thread(self.pool.stop)


def renderer_of(info: Info) -> DocumentRenderer:
    """The service's renderer (kept on the app's state: a process resource like the pool of
    database connections, never per-request state)."""
    request = info.context.request
    assert request is not None  # strawberry sets it on every HTTP and websocket request
    renderer: DocumentRenderer = request.app.state.document_renderer
    return renderer
