"""Hostile input over GraphQL's WebSocket (graphql-ws) at the router: every frame is answered
with a typed `error` message or a protocol close code, never a crash, a masked error or a
write, and the router keeps serving. An owner's token is used, so a frame that got past the
router would reach the subgraphs with every scope.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

pytestmark = pytest.mark.e2e

CREATE_CLIENT = (
    "mutation($input: CreateClientInput!) { createClient(input: $input) { __typename } }"
)
DEEP = "[" * 5_000 + "]" * 5_000

# frame -> what the router must answer: an `error` message's codes, or a close code.


def subscribe_frame(op_id: str, payload: dict[str, Any]) -> str:
    """A subscribe message; "DEEP" anywhere in the payload becomes the nested value."""
    frame = json.dumps({"id": op_id, "type": "subscribe", "payload": payload})
    return frame.replace('"DEEP"', DEEP)


# frame -> what the router must answer: an `error` message's codes, or a close code.
FRAMES: dict[str, tuple[str, Any]] = {
    "mutation with a deep JSON variable": (
        subscribe_frame(
            "1",
            {
                "query": CREATE_CLIENT,
                "variables": {
                    "input": {"name": "x", "defaultCurrency": "EUR", "customFields": "DEEP"}
                },
            },
        ),
        "error",
    ),
    "query with a deep extension": (
        subscribe_frame("2", {"query": "{ __typename }", "extensions": {"x": "DEEP"}}),
        "error",
    ),
    "an unparseable document": (
        json.dumps({"id": "3", "type": "subscribe", "payload": {"query": "{ ((( "}}),
        "error",
    ),
    "a NUL in the operation name": (
        json.dumps(
            {
                "id": "4",
                "type": "subscribe",
                "payload": {"query": "{ __typename }", "operationName": "a\x00b"},
            }
        ),
        "error",
    ),
    "a payload that is a string": ('{"id": "5", "type": "subscribe", "payload": "x"}', 4400),
    "an id that is an object": ('{"id": {}, "type": "subscribe", "payload": {}}', 4400),
    "a second connection_init": ('{"type": "connection_init"}', 4429),
    "a lone surrogate": ('{"type": "ping", "payload": {"x": "\\ud800"}}', "pong"),
    "a lone surrogate in a variable": (
        subscribe_frame(
            "6",
            {
                "query": "query($n: String!) { __type(name: $n) { name } }",
                "variables": {"n": "\ud800"},
            },
        ),
        "next",
    ),
}


async def opened(router_url: str, token: str) -> ClientConnection:
    url = router_url.replace("http://", "ws://", 1) + "/graphql"
    socket = await connect(url, subprotocols=[Subprotocol("graphql-transport-ws")])
    await socket.send(
        json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    )
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    return socket


async def answer(socket: ClientConnection) -> Any:
    """The first answer to a frame: a message's type (with its codes) or the close code."""
    try:
        async with asyncio.timeout(10):
            message = json.loads(await socket.recv())
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else "dropped without a close frame"
    if message["type"] == "error":
        return "error", [error["extensions"]["code"] for error in message["payload"]]
    return message["type"], message.get("payload")


@pytest.mark.parametrize("name", list(FRAMES))
async def test_hostile_frame_gets_a_typed_answer_and_writes_nothing(
    name: str, router: httpx.AsyncClient, owner_token: str, snapshot: Any
) -> None:
    frame, expected = FRAMES[name]
    before = await snapshot()
    async with await opened(str(router.base_url), owner_token) as socket:
        await socket.send(frame)
        got = await answer(socket)
    if expected == "error":
        kind, codes = got
        assert kind == "error"
        assert codes
        assert "INTERNAL_SERVER_ERROR" not in codes
    elif expected in ("pong", "next"):
        assert got[0] == expected, got
    else:
        assert got == expected
    assert await snapshot() == before
    response = await router.post("/graphql", json={"query": "{ __typename }"})
    assert response.json()["data"] == {"__typename": "Query"}
