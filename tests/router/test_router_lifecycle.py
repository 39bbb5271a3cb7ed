"""The router process itself: it stops cleanly when asked to."""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest

from devstack.stack import Stack
from devstack.testing import free_port

pytestmark = pytest.mark.e2e

# Stack.stop_process sends SIGTERM, then waits up to 10 s before it resorts to SIGKILL.
SHUTDOWN_SECONDS = 5


async def test_router_exits_promptly_on_sigterm(
    running_stack: Stack, post: Any, token_mint: Any
) -> None:
    # One request first, so the rate limiter's Redis connection is open: it once kept the
    # process alive long after the server had closed.
    router = running_stack.router_process(free_port(), {})
    try:
        await running_stack.start_process(router)
        response = await post(router.base_url, "{ __typename }", token=token_mint.token())
        assert response.status_code == 200
    finally:
        started = time.monotonic()
        await running_stack.stop_process(router)
    assert time.monotonic() - started < SHUTDOWN_SECONDS
    assert router.process is not None
    assert router.process.returncode != -signal.SIGKILL
