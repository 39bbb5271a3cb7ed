"""Letting an open unit of work finish when the worker running it is cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

GRACE_SECONDS = 10.0


async def finish_before_cancel(work: Coroutine[Any, Any, T]) -> T:
    """Await `work`; if the caller is cancelled meanwhile, let `work` finish (bounded) first.

    Cancelling a coroutine in the middle of a transaction can strand its connection with locks
    held until the process exits; on shutdown we would rather commit or roll back cleanly.
    """
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task], timeout=GRACE_SECONDS)
        raise
