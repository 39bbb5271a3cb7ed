"""The financial subgraph's own graphql-ws endpoint, which the router forwards subscriptions
to: tokens verified at connection_init (or on the upgrade) and re-checked while the
subscription runs, one organisation's channel per subscriber, a cap per socket. Events are
published straight to Redis here; tests/router/test_router_subscriptions.py drives the whole
path with mutations."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from devstack.stack import Stack
from service_runtime.live import publish_live

pytestmark = pytest.mark.e2e

TOPIC = "financial.invoice_status"
QUERY = "subscription { invoiceStatusChanged { invoiceId status reason } }"


def change(invoice_id: str) -> dict[str, Any]:
    return {
        "invoiceId": invoice_id, "kind": "invoice", "status": "issued", "number": "1",
        "currency": "EUR", "total": "1.00", "balanceDue": "1.00", "reason": "ISSUED",
        "occurredAt": "2026-03-03T10:00:00+00:00",
    }  # fmt: skip


@pytest.fixture
async def publisher(running_stack: Stack) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(running_stack.config.redis_url)
    yield client
    await client.aclose()


async def socket_at(
    stack: Stack, token: str | None, *, in_header: bool = False
) -> ClientConnection:
    url = stack.url("financial").replace("http://", "ws://", 1) + "/graphql"
    headers = {"Authorization": f"Bearer {token}"} if token and in_header else {}
    socket = await connect(
        url, subprotocols=[Subprotocol("graphql-transport-ws")], additional_headers=headers
    )
    payload = {"authorization": f"Bearer {token}"} if token and not in_header else {}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    return socket


async def receive(socket: ClientConnection, seconds: float = 10) -> dict[str, Any]:
    async with asyncio.timeout(seconds):
        message: dict[str, Any] = json.loads(await socket.recv())
        return message


async def subscribe(socket: ClientConnection, op_id: str = "1") -> None:
    await socket.send(json.dumps({"id": op_id, "type": "subscribe", "payload": {"query": QUERY}}))


async def listening(publisher: redis.Redis, organization: str, eventually: Any) -> None:
    """Until the subgraph listens on the organisation's channel."""
    channel = f"live:{TOPIC}:{organization}"

    async def subscribed() -> bool:
        return bool(await publisher.pubsub_numsub(channel) == [(channel.encode(), 1)])

    await eventually(subscribed, 10)


def reader_token(token_mint: Any, organization: str, **claims: Any) -> str:
    return str(token_mint.token(org=organization, scope="financial:read", **claims))


async def test_a_subscriber_hears_its_own_organisation_only(
    running_stack: Stack, token_mint: Any, publisher: redis.Redis, eventually: Any
) -> None:
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    socket = await socket_at(running_stack, reader_token(token_mint, mine), in_header=True)
    async with socket:
        assert (await receive(socket))["type"] == "connection_ack"
        await subscribe(socket)
        await listening(publisher, mine, eventually)
        await publish_live(publisher, TOPIC, uuid.UUID(theirs), change("theirs"))
        await publish_live(publisher, TOPIC, uuid.UUID(mine), change("mine"))
        message = await receive(socket)
        assert message["payload"]["data"]["invoiceStatusChanged"] == {
            "invoiceId": "mine", "status": "ISSUED", "reason": "ISSUED"
        }  # fmt: skip


async def test_a_forged_token_is_refused_at_connection_init(
    running_stack: Stack, token_mint: Any
) -> None:
    forged = reader_token(token_mint, str(uuid.uuid4()))[:-4] + "AAAA"
    async with await socket_at(running_stack, forged) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(socket)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_a_token_that_expires_ends_the_subscription(
    running_stack: Stack, token_mint: Any
) -> None:
    # Accepted for about 3 s (30 s of clock skew allowed), then expired: the next re-check
    # (every 5 s while quiet) ends the subscription.
    now = int(time.time())
    token = reader_token(token_mint, str(uuid.uuid4()), exp=now - 27, iat=now - 600)
    async with await socket_at(running_stack, token) as socket:
        assert (await receive(socket))["type"] == "connection_ack"
        await subscribe(socket)
        message = await receive(socket, 20)
        assert message["type"] == "next", message
        assert message["payload"]["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED"
        assert (await receive(socket))["type"] == "complete"


async def test_operations_over_the_cap_are_refused_with_a_code(
    running_stack: Stack, token_mint: Any
) -> None:
    cap = 200  # FINANCIAL_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION's default
    token = reader_token(token_mint, str(uuid.uuid4()))
    async with await socket_at(running_stack, token) as socket:
        assert (await receive(socket))["type"] == "connection_ack"
        for n in range(cap + 1):
            await subscribe(socket, str(n))
        message = await receive(socket)
        assert (message["id"], message["type"]) == (str(cap), "error")
        assert message["payload"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
