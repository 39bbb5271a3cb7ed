"""The router keeps an idle client connection open (ROUTER_KEEP_ALIVE_TIMEOUT_MS, 65 s by
default): Node's default, 5 s, closed it between a user's requests, so 2,000 soak users,
thinking between requests, held at most a few hundred connections and reconnected for most.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e

BODY = b'{"query":"{ __typename }"}'
IDLE_SECONDS = 6.5  # past Node's default of 5 s


def request(host: str) -> bytes:
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {host}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(BODY)}\r\n\r\n"
    )
    return head.encode() + BODY


async def read_response(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head + await reader.readexactly(length)


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> bytes:
    writer.write(request(host))
    await writer.drain()
    return await asyncio.wait_for(read_response(reader), 10)


async def test_an_idle_connection_is_still_open_after_node_s_default(router_url: str) -> None:
    await idle_then_reused(router_url, IDLE_SECONDS)


async def test_the_keep_alive_timeout_is_configurable(dedicated_router: Any) -> None:
    async with dedicated_router({"ROUTER_KEEP_ALIVE_TIMEOUT_MS": "1000"}) as url:
        with pytest.raises((asyncio.IncompleteReadError, ConnectionResetError)):
            await idle_then_reused(url, 4.0)  # Node may allow a second more


async def idle_then_reused(base_url: str, idle_seconds: float) -> None:
    address = urlsplit(base_url)
    assert address.hostname
    assert address.port
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        assert b'"__typename":"Query"' in await exchange(reader, writer, address.netloc)
        await asyncio.sleep(idle_seconds)
        assert b'"__typename":"Query"' in await exchange(reader, writer, address.netloc)
    finally:
        writer.close()
