"""GraphQL over WebSocket (graphql-ws) through the router: the same token check and request
budget as HTTP, at the upgrade, at connection_init and per subscribe message; bounded messages;
caps on connections per client and operations per socket. No subgraph has a Subscription type
yet, so the assertions are at the protocol level: connection_ack, close codes, `error` and
`next` messages, and queries (graphql-ws runs any operation) reaching the subgraphs.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Subprotocol

from devstack.stack import Stack
from devstack.testing import LogCapture

pytestmark = pytest.mark.e2e

PROTOCOL = "graphql-transport-ws"
TYPENAME = "{ __typename }"


def ws_url(base_url: str, path: str = "/graphql") -> str:
    return base_url.replace("http://", "ws://", 1) + path


async def open_socket(
    base_url: str,
    *,
    header_token: str | None = None,
    path: str = "/graphql",
    origin: str | None = None,
) -> ClientConnection:
    headers = {"Authorization": f"Bearer {header_token}"} if header_token else {}
    if origin:
        headers["Origin"] = origin
    return await connect(
        ws_url(base_url, path), subprotocols=[Subprotocol(PROTOCOL)], additional_headers=headers
    )


async def receive(socket: ClientConnection) -> dict[str, Any]:
    async with asyncio.timeout(10):
        message: dict[str, Any] = json.loads(await socket.recv())
        return message


async def closed_with(socket: ClientConnection) -> tuple[int, str]:
    """The close code and reason the router ended the socket with."""

    async def drain() -> None:
        async with asyncio.timeout(15):
            while True:
                await socket.recv()

    with pytest.raises(ConnectionClosed) as closed:
        await drain()
    received = closed.value.rcvd
    assert received is not None, "the router dropped the connection without a close frame"
    return received.code, received.reason


async def init(socket: ClientConnection, payload: dict[str, Any] | None = None) -> None:
    message = {"type": "connection_init", **({"payload": payload} if payload is not None else {})}
    await socket.send(json.dumps(message))


async def acknowledged(base_url: str, **payload: Any) -> ClientConnection:
    socket = await open_socket(base_url)
    await init(socket, payload)
    assert (await receive(socket))["type"] == "connection_ack"
    return socket


async def subscribe(
    socket: ClientConnection, query: str, variables: Any = None, op_id: str | None = None
) -> str:
    op_id = op_id or uuid.uuid4().hex
    payload = {"query": query, **({"variables": variables} if variables is not None else {})}
    await socket.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
    return op_id


async def router_still_serves(router_url: str) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(f"{router_url}/graphql", json={"query": TYPENAME})
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.fixture
def forged_token(token_mint: Any) -> str:
    """A well-formed token with the auth service's kid, signed with some other key."""
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(token_mint.claims(), other_key, "RS256", headers={"kid": token_mint.kid})


async def test_valid_token_in_connection_init_is_acknowledged_and_reaches_the_subgraph(
    router_url: str, registered_user: dict[str, Any]
) -> None:
    token = registered_user["accessToken"]
    socket = await acknowledged(router_url, authorization=f"Bearer {token}")
    async with socket:
        op_id = await subscribe(socket, "{ me { id } }")
        message = await receive(socket)
        assert (message["id"], message["type"]) == (op_id, "next")
        assert message["payload"]["data"] == {"me": {"id": registered_user["user"]["id"]}}
        assert await receive(socket) == {"id": op_id, "type": "complete"}


async def test_valid_token_in_the_upgrade_header_is_acknowledged(
    router_url: str, registered_user: dict[str, Any]
) -> None:
    async with await open_socket(router_url, header_token=registered_user["accessToken"]) as socket:
        await init(socket)
        assert (await receive(socket))["type"] == "connection_ack"
        await subscribe(socket, "{ me { id } }")
        assert (await receive(socket))["payload"]["data"]["me"]["id"] == registered_user["user"][
            "id"
        ]


async def test_forged_token_in_connection_init_closes_the_socket_with_4403(
    router_url: str, forged_token: str
) -> None:
    async with await open_socket(router_url) as socket:
        await init(socket, {"authorization": f"Bearer {forged_token}"})
        assert await closed_with(socket) == (4403, "Forbidden: INVALID_SIGNATURE")


async def test_expired_and_malformed_tokens_close_the_socket_with_4403(
    router_url: str, token_mint: Any
) -> None:
    expired = token_mint.token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)
    vectors: dict[str, dict[str, Any]] = {
        "TOKEN_EXPIRED": {"authorization": f"Bearer {expired}"},
        "MALFORMED_TOKEN": {"Authorization": {"not": "a string"}},
    }
    for code, payload in vectors.items():
        async with await open_socket(router_url) as socket:
            await init(socket, payload)
            assert await closed_with(socket) == (4403, f"Forbidden: {code}")


async def test_forged_token_in_the_upgrade_header_is_refused_before_any_socket(
    router_url: str, forged_token: str
) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(router_url, header_token=forged_token)
    assert refused.value.response.status_code == 401
    assert (
        json.loads(refused.value.response.body or b"")["errors"][0]["extensions"]["code"]
        == "INVALID_SIGNATURE"
    )


async def test_a_second_different_token_in_connection_init_is_refused(
    router_url: str, token_mint: Any
) -> None:
    async with await open_socket(router_url, header_token=token_mint.token()) as socket:
        await init(socket, {"authorization": f"Bearer {token_mint.token()}"})
        assert await closed_with(socket) == (4403, "Forbidden: CONFLICTING_TOKENS")


async def test_a_token_that_expires_on_a_live_socket_closes_it(
    router_url: str, token_mint: Any
) -> None:
    # Still accepted for about 3 s (the verifiers allow 30 s of clock skew), then expired.
    now = int(time.time())
    token = token_mint.token(exp=now - 27, iat=now - 600)
    socket = await acknowledged(router_url, authorization=f"Bearer {token}")
    async with socket:
        assert await closed_with(socket) == (4403, "Forbidden: TOKEN_EXPIRED")


async def test_subscribe_to_an_unknown_field_gets_an_error_message_with_a_code(
    router_url: str,
) -> None:
    socket = await acknowledged(router_url)
    async with socket:
        op_id = await subscribe(socket, "subscription { invoiceIssued { id } }")
        message = await receive(socket)
        assert message["type"] == "error"
        assert message["id"] == op_id
        assert [error["extensions"]["code"] for error in message["payload"]] == [
            "GRAPHQL_VALIDATION_FAILED"
        ]
        # The socket stays usable.
        await socket.send(json.dumps({"type": "ping"}))
        assert (await receive(socket))["type"] == "pong"


async def test_deeply_nested_variables_get_an_error_message_and_the_router_survives(
    router_url: str,
) -> None:
    socket = await acknowledged(router_url)
    async with socket:
        # Built as text: Python's own JSON encoder would overflow its stack on this value.
        nested = "[" * 20_000 + "]" * 20_000
        query = json.dumps("query ($v: JSON) { __typename }")
        payload = f'{{"query": {query}, "variables": {{"v": {nested}}}}}'
        await socket.send(f'{{"id": "deep", "type": "subscribe", "payload": {payload}}}')
        message = await receive(socket)
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "VARIABLES_TOO_DEEP"
    await router_still_serves(router_url)


async def test_oversized_message_closes_the_socket_and_is_logged_without_it(
    router_url: str, running_stack: Stack, eventually: Any
) -> None:
    marker = f"oversized-{uuid.uuid4().hex}"
    socket = await acknowledged(router_url)
    async with socket:
        await subscribe(socket, TYPENAME, {"padding": marker * (70_000 // len(marker))})
        code, _ = await closed_with(socket)
        assert code == 1009  # RFC 6455: message too big
    await router_still_serves(router_url)
    logs = running_stack.config.log_sink
    assert isinstance(logs, LogCapture)

    async def logged() -> bool:
        return any("WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" in line for line in logs.lines)

    await eventually(logged, 5)
    assert not [line for line in logs.lines if marker in line]


@pytest.mark.parametrize(
    "frame",
    [b"\x00\xff binary", "not json {{{", "[]", '{"type": "subscribe"}', '{"type": "nonsense"}'],
)
async def test_hostile_frames_close_the_socket_and_the_router_keeps_serving(
    router_url: str, frame: str | bytes
) -> None:
    socket = await acknowledged(router_url)
    async with socket:
        await socket.send(frame)
        code, _ = await closed_with(socket)
        assert code == 4400
    await router_still_serves(router_url)


async def test_subscribe_before_connection_init_is_unauthorized(router_url: str) -> None:
    async with await open_socket(router_url) as socket:
        await subscribe(socket, TYPENAME)
        assert (await closed_with(socket))[0] == 4401


@pytest.mark.parametrize("path", ["/graphql/", "//graphql", "/x/graphql", "/healthcheck", "/"])
async def test_upgrade_on_another_path_is_refused(router_url: str, path: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(router_url, path=path)
    assert refused.value.response.status_code == 404


@pytest.fixture(scope="module")
async def limited_router(dedicated_router: Any) -> AsyncIterator[str]:
    """A budget of 3 requests per client."""
    async with dedicated_router({"ROUTER_RATE_LIMIT_MAX": "3"}) as url:
        yield url


@pytest.fixture(scope="module")
async def capped_router(dedicated_router: Any) -> AsyncIterator[str]:
    """2 sockets per client, 2 running operations per socket."""
    env = {
        "ROUTER_MAX_WS_CONNECTIONS_PER_CLIENT": "2",
        "ROUTER_MAX_WS_SUBSCRIPTIONS_PER_CONNECTION": "2",
    }
    async with dedicated_router(env) as url:
        yield url


async def test_upgrade_and_each_subscribe_spend_the_anonymous_budget(limited_router: str) -> None:
    socket = await acknowledged(limited_router)  # the upgrade: 1 of 3
    async with socket:
        for _ in range(2):  # 2 and 3 of 3
            await subscribe(socket, TYPENAME)
            assert (await receive(socket))["type"] == "next"
            assert (await receive(socket))["type"] == "complete"
        op_id = await subscribe(socket, TYPENAME)
        message = await receive(socket)
        assert (message["id"], message["type"]) == (op_id, "error")
        assert message["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(limited_router)
    assert refused.value.response.status_code == 429
    assert int(refused.value.response.headers["Retry-After"]) > 0


async def test_more_sockets_than_the_cap_close_with_4429(
    capped_router: str, token_mint: Any
) -> None:
    subject = str(uuid.uuid4())
    payload = {"authorization": f"Bearer {token_mint.token(sub=subject)}"}
    first = await acknowledged(capped_router, **payload)
    second = await acknowledged(capped_router, **payload)
    async with await open_socket(capped_router) as third:
        await init(third, payload)
        assert await closed_with(third) == (4429, "Too many connections")
    await first.close()
    # A closed socket frees its place.
    async with await acknowledged(capped_router, **payload), second:
        pass


async def test_more_operations_than_the_cap_on_one_socket_close_it_with_4429(
    capped_router: str, token_mint: Any
) -> None:
    payload = {"authorization": f"Bearer {token_mint.token()}"}
    socket = await acknowledged(capped_router, **payload)
    async with socket:
        # Sent at once: the first operations still wait for the auth subgraph when the third
        # arrives.
        for _ in range(3):
            await subscribe(socket, "{ me { id } }")
        assert (await closed_with(socket))[0] == 4429


@pytest.fixture(scope="module")
async def production_router(dedicated_router: Any) -> AsyncIterator[str]:
    # Every call to financial times out; auth answers as usual.
    env = {"ROUTER_ENVIRONMENT": "production", "ROUTER_UPSTREAM_TIMEOUT_MS_FINANCIAL": "1"}
    async with dedicated_router(env) as url:
        yield url


async def errors_of(socket: ClientConnection) -> list[dict[str, Any]]:
    """The errors of the next operation's outcome: an `error` message, or a result's errors
    (a `next` message, then its `complete`)."""
    message = await receive(socket)
    if message["type"] == "next":
        assert (await receive(socket))["type"] == "complete"
    errors: list[dict[str, Any]] = (
        message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    )
    return errors


async def test_errors_over_websocket_in_production_carry_a_code_and_request_id_only(
    production_router: str, token_mint: Any
) -> None:
    org = str(uuid.uuid4())
    token = token_mint.token(org=org, scope="financial:read org:read")
    socket = await acknowledged(production_router, authorization=f"Bearer {token}")
    async with socket:
        await subscribe(socket, "{ clients(first: 1) { edges { node { id } } } }")
        [error] = await errors_of(socket)
        assert set(error["extensions"]) == {"code", "service", "requestId"}, error
        assert error["extensions"]["code"] == "GATEWAY_TIMEOUT"
        for internal in (org, token, "127.0.0.1", "http://", "clients("):
            assert internal not in json.dumps(error), internal
        # A request that fails before execution is presented the same way.
        await subscribe(socket, "{ nope }")
        message = await receive(socket)
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "requestId" in message["payload"][0]["extensions"]


async def test_mutations_are_refused_over_websocket(router_url: str, token_mint: Any) -> None:
    # As the gateway's own WebSocket server did: a socket is for subscriptions (and reads), so
    # a cross-site page opening one cannot write, whatever the browser lets it send.
    socket = await acknowledged(router_url, authorization=f"Bearer {token_mint.token()}")
    async with socket:
        await subscribe(socket, 'mutation { logout(refreshToken: "x") { __typename } }')
        [error] = await errors_of(socket)
        assert error["extensions"]["code"] == "BAD_REQUEST"


async def test_a_browser_upgrade_from_a_foreign_origin_is_refused(router_url: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(router_url, origin="https://evil.example")
    assert refused.value.response.status_code == 403
    # The configured frontend's origin and the router's own (GraphiQL) are welcome.
    for origin in ("http://localhost:3000", router_url):
        async with await open_socket(router_url, origin=origin) as socket:
            await init(socket)
            assert (await receive(socket))["type"] == "connection_ack"
