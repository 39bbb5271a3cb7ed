"""The router retries a subgraph call only when the subgraph provably never saw it (no
connection was made). A 6-minute PDF render was once run three times because the router
retried queries after a timeout; a retried mutation would apply twice.

financial is replaced here by a small fake that counts the operations it receives.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from devstack.testing import free_port

pytestmark = pytest.mark.e2e

CLIENTS = "{ clients(first: 1) { edges { node { id } } } }"
EMPTY = {"data": {"clients": {"edges": []}}}


@dataclass
class FakeSubgraph:
    """Answers /health, and every POST after `delay` seconds with `status` and `body`."""

    port: int = field(default_factory=free_port)
    delay: float = 0.0
    status: int = 200
    body: dict[str, Any] = field(default_factory=lambda: EMPTY)
    operations: int = 0
    server: asyncio.Server | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(
            next(
                (
                    line.split(b":")[1]
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                b"0",
            )
        )
        await reader.readexactly(length)
        if head.startswith(b"POST"):
            self.operations += 1
            await asyncio.sleep(self.delay)
            status, payload = self.status, self.body
        else:
            status, payload = 200, {"status": "healthy", "version": "fake", "uptime": 1}
        data = json.dumps(payload).encode()
        response_head = (
            f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
            f"content-length: {len(data)}\r\nconnection: close\r\n\r\n"
        )
        writer.write(response_head.encode() + data)
        await writer.drain()
        writer.close()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


@pytest.fixture
def router_with_fake(
    dedicated_router: Any,
) -> Callable[[FakeSubgraph], Any]:
    @asynccontextmanager
    async def start(fake: FakeSubgraph) -> AsyncIterator[str]:
        await fake.start()
        env = {
            "ROUTER_SUBGRAPH_URL_FINANCIAL": f"http://127.0.0.1:{fake.port}/graphql",
            "ROUTER_UPSTREAM_TIMEOUT_MS_FINANCIAL": "500",
        }
        try:
            async with dedicated_router(env) as url:
                yield url
        finally:
            await fake.stop()

    return start


async def settled(request: Awaitable[Any]) -> Any:
    response = await request
    await asyncio.sleep(1.5)  # any retry would have arrived by now
    return response


async def test_a_timed_out_query_is_not_retried(
    router_with_fake: Any, post: Any, codes: Any
) -> None:
    fake = FakeSubgraph(delay=3.0)
    async with router_with_fake(fake) as url:
        response = await settled(post(url, CLIENTS))
        assert codes(response) == ["GATEWAY_TIMEOUT"]
        assert fake.operations == 1


async def test_a_failing_subgraph_is_not_retried(router_with_fake: Any, post: Any) -> None:
    fake = FakeSubgraph(status=503, body={"error": "overloaded"})
    async with router_with_fake(fake) as url:
        await settled(post(url, CLIENTS))
        assert fake.operations == 1


async def test_a_refused_connection_is_retried_until_the_subgraph_is_back(
    router_with_fake: Any, post: Any
) -> None:
    fake = FakeSubgraph()
    async with router_with_fake(fake) as url:
        await fake.stop()  # connections are now refused
        request = asyncio.create_task(post(url, CLIENTS))
        started = time.monotonic()
        await asyncio.sleep(0.3)  # the router's retries come after 200 and 450 ms
        await fake.start()
        response = await request
        assert response.json()["data"] == EMPTY["data"], response.text
        assert fake.operations == 1
        assert time.monotonic() - started >= 0.3
