"""Subscriptions end to end: a graphql-ws client at the router, which forwards each
subscription to the financial subgraph over graphql-ws with the client's token; the subgraph
feeds it from Redis pub/sub, published by its relay of invoice events after they commit.
Triggered with ordinary mutations through the router."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from devstack.stack import Stack
from devstack.testing import register_owner, router_graphql

pytestmark = pytest.mark.e2e

STATUS_CHANGES = """subscription { invoiceStatusChanged {
  invoiceId kind status number currency total balanceDue reason occurredAt } }"""
CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  ... on ClientPayload { client { id } } } }"""
CREATE_INVOICE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  ... on InvoicePayload { invoice { id } } } }"""
ISSUE = """mutation($id: ID!) { issueInvoice(id: $id) {
  __typename ... on InvoicePayload { invoice { number } } } }"""
PAY = """mutation($id: ID!, $amount: Decimal!) {
  recordPayment(input: {invoiceId: $id, amount: $amount, paidOn: "2026-03-03"}) { __typename } }"""
LOGOUT_EVERYWHERE = "mutation { logoutEverywhere { sessionsEnded } }"


class Subscriber:
    """One graphql-ws socket at the router with one running invoiceStatusChanged."""

    def __init__(self, socket: ClientConnection, op_id: str) -> None:
        self.socket = socket
        self.op_id = op_id

    async def message(self, seconds: float = 20) -> dict[str, Any]:
        async with asyncio.timeout(seconds):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                if message["type"] not in ("ping", "pong"):
                    assert message.get("id") == self.op_id, message
                    return message

    async def event(self) -> dict[str, Any]:
        message = await self.message()
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        change: dict[str, Any] = message["payload"]["data"]["invoiceStatusChanged"]
        return change


async def open_socket(router_url: str, token: str | None) -> ClientConnection:
    url = router_url.replace("http://", "ws://", 1) + "/graphql"
    socket = await connect(url, subprotocols=[Subprotocol("graphql-transport-ws")])
    payload = {"authorization": f"Bearer {token}"} if token else {}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    async with asyncio.timeout(10):
        assert json.loads(await socket.recv())["type"] == "connection_ack"
    return socket


@asynccontextmanager
async def subscribed(router_url: str, token: str | None) -> AsyncIterator[Subscriber]:
    async with await open_socket(router_url, token) as socket:
        op_id = uuid.uuid4().hex
        message = {"id": op_id, "type": "subscribe", "payload": {"query": STATUS_CHANGES}}
        await socket.send(json.dumps(message))
        subscriber = Subscriber(socket, op_id)
        if token:
            await subscription_started(socket)
        yield subscriber


async def subscription_started(socket: ClientConnection) -> None:
    """The router subscribes upstream asynchronously: nothing tells the client when the
    subgraph listens. A ping round trip, then a moment, lets it get there before a trigger."""
    await socket.send(json.dumps({"type": "ping"}))
    async with asyncio.timeout(10):
        while json.loads(await socket.recv())["type"] != "pong":
            pass
    await asyncio.sleep(1.0)


class Organisation:
    """An owner (token) of a fresh organisation, acting through the router."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.token = token
        self.client_id: str | None = None

    async def issued_invoice(self, unit_price: str = "100") -> tuple[str, str]:
        """A new invoice issued (total = unit_price, no tax): its id and number."""
        if self.client_id is None:
            client = await self.call(
                CREATE_CLIENT, input={"name": "Live Ltd", "defaultCurrency": "EUR"}
            )
            self.client_id = client["createClient"]["client"]["id"]
        lines = [{"description": "Work", "quantity": "1", "unitPrice": unit_price}]
        created = await self.call(
            CREATE_INVOICE, input={"clientId": self.client_id, "lines": lines}
        )
        invoice_id: str = created["createInvoice"]["invoice"]["id"]
        issued = (await self.call(ISSUE, id=invoice_id))["issueInvoice"]
        assert issued["__typename"] == "InvoicePayload", issued
        return invoice_id, issued["invoice"]["number"]

    async def call(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await router_graphql(self.http, query, self.token, **variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def http(router_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=router_url, timeout=30) as client:
        yield client


@pytest.fixture
async def acme(http: httpx.AsyncClient) -> Organisation:
    return Organisation(http, await register_owner(http, "acme"))


@pytest.fixture
async def globex(http: httpx.AsyncClient) -> Organisation:
    return Organisation(http, await register_owner(http, "globex"))


async def test_invoice_status_changes_reach_the_organisations_subscriber_only(
    router_url: str, acme: Organisation, globex: Organisation
) -> None:
    async with (
        subscribed(router_url, acme.token) as mine,
        subscribed(router_url, globex.token) as theirs,
    ):
        invoice_id, number = await acme.issued_invoice("100")
        issued = await mine.event()
        assert issued == {
            "invoiceId": invoice_id, "kind": "INVOICE", "status": "ISSUED", "number": number,
            "currency": "EUR", "total": "100.00", "balanceDue": "100.00", "reason": "ISSUED",
            "occurredAt": issued["occurredAt"],
        }  # fmt: skip
        await acme.call(PAY, id=invoice_id, amount="40")
        partly = await mine.event()
        assert (partly["reason"], partly["status"], partly["balanceDue"]) == (
            "PAYMENT_RECEIVED", "PARTIALLY_PAID", "60.00"
        )  # fmt: skip
        await acme.call(PAY, id=invoice_id, amount="60")
        reasons = {(await mine.event())["reason"] for _ in range(2)}
        assert reasons == {"PAYMENT_RECEIVED", "PAID"}
        # Globex's first event is its own invoice: nothing of Acme's was queued before it.
        own_id, _ = await globex.issued_invoice("5")
        assert (await theirs.event())["invoiceId"] == own_id


async def test_a_subscriber_that_reconnects_resumes_receiving(
    router_url: str, acme: Organisation
) -> None:
    async with subscribed(router_url, acme.token) as first:
        invoice_id, _ = await acme.issued_invoice()
        assert (await first.event())["invoiceId"] == invoice_id
    async with subscribed(router_url, acme.token) as again:
        later_id, _ = await acme.issued_invoice()
        assert (await again.event())["invoiceId"] == later_id


async def test_without_a_token_the_subscription_is_refused(router_url: str) -> None:
    async with subscribed(router_url, None) as anonymous:
        message = await anonymous.message()
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert [error["extensions"]["code"] for error in errors] == ["UNAUTHENTICATED"]


async def test_a_token_without_financial_read_is_refused(router_url: str, token_mint: Any) -> None:
    token = token_mint.token(org=str(uuid.uuid4()), scope="org:read")
    async with subscribed(router_url, token) as subscriber:
        message = await subscriber.message()
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert [error["extensions"]["code"] for error in errors] == ["FORBIDDEN"]


async def test_a_bad_token_never_gets_a_socket(router_url: str, token_mint: Any) -> None:
    forged = token_mint.token()[:-4] + "AAAA"
    with pytest.raises(ConnectionClosed) as closed:
        async with subscribed(router_url, forged):
            pass
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_logout_everywhere_ends_the_subscription(router_url: str, acme: Organisation) -> None:
    async with subscribed(router_url, acme.token) as subscriber:
        await acme.call(LOGOUT_EVERYWHERE)
        # The subgraph re-checks a quiet subscription's token every 5 s: it ends it with the
        # reason, and the router passes the end on.
        message = await subscriber.message(30)
        assert message["type"] == "next", message
        assert [e["extensions"]["code"] for e in message["payload"]["errors"]] == ["TOKEN_REVOKED"]
        assert (await subscriber.message())["type"] == "complete"


async def test_a_subscription_outlives_the_upstream_timeout(
    dedicated_router: Any, acme: Organisation
) -> None:
    async with (
        dedicated_router({"ROUTER_UPSTREAM_TIMEOUT_MS": "1500"}) as router_url,
        subscribed(router_url, acme.token) as subscriber,
    ):
        await asyncio.sleep(3)
        invoice_id, _ = await acme.issued_invoice()
        assert (await subscriber.event())["invoiceId"] == invoice_id


async def test_a_restarted_subgraph_ends_the_subscription_and_a_new_one_receives(
    running_stack: Stack, router_url: str, acme: Organisation
) -> None:
    async with subscribed(router_url, acme.token) as subscriber:
        try:
            await running_stack.stop_service("financial", kill=True)
            message = await subscriber.message()
        finally:
            await running_stack.start_service("financial")
        assert message["type"] == "next", message
        [error] = message["payload"]["errors"]
        extensions = error["extensions"]
        assert (extensions["code"], extensions["service"]) == ("SUBGRAPH_UNAVAILABLE", "financial")
        assert "127.0.0.1" not in error["message"]
        assert (await subscriber.message())["type"] == "complete"
    async with subscribed(router_url, acme.token) as again:
        invoice_id, _ = await acme.issued_invoice()
        assert (await again.event())["invoiceId"] == invoice_id
