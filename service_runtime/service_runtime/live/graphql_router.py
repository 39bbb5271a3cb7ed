"""Strawberry's FastAPI router with subscriptions over graphql-ws, authenticated at
connection_init like any HTTP request (the router forwards the client's token there)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from graphql import GraphQLError
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.schema.base import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types.unset import UNSET, UnsetType

from service_runtime.live.connection import LiveAccess, LiveConnection, presented_token
from service_runtime.logging import get_logger
from service_runtime.tokens import AuthenticationError

log = get_logger(__name__)
ACKNOWLEDGE: UnsetType = UNSET  # a plain connection_ack, no payload


class CappedTransportWSHandler(BaseGraphQLTransportWSHandler[Any, None]):
    """Strawberry's handler, with a code on the refusal of an operation over the cap (the
    router's own code for its cap), so clients can tell it from a failure."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        cap = self.max_subscriptions_per_connection
        if (
            self.connection_acknowledged
            and cap is not None
            and message["id"] not in self.operations
            and len(self.operations) >= cap
        ):
            error = GraphQLError(
                "Too many operations on this connection.",
                extensions={"code": "TOO_MANY_SUBSCRIPTIONS"},
            )
            payload = [error.formatted]
            await self.send_message({"id": message["id"], "type": "error", "payload": payload})
            return
        await super().handle_subscribe(message)


class LiveGraphQLRouter(GraphQLRouter[Any, None]):
    """Only the graphql-transport-ws protocol (the one the router speaks); at most
    `max_subscriptions_per_connection` running operations per socket (an extra subscribe gets
    an `error` message, TOO_MANY_SUBSCRIPTIONS); a connection_init within 10 s."""

    graphql_transport_ws_handler_class = CappedTransportWSHandler

    def __init__(
        self,
        schema: BaseSchema,
        *,
        access: LiveAccess,
        max_subscriptions_per_connection: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            schema,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=max_subscriptions_per_connection,
            **kwargs,
        )
        self.access = access

    async def on_ws_connect(self, context: Any) -> UnsetType:
        """Anonymous sockets are acknowledged (the schema refuses what needs a token); a token
        that fails verification or is revoked closes the socket with 4403."""
        try:
            token = presented_token(context.connection_params, context.request.headers)
            if token is None:
                return ACKNOWLEDGE
            principal = await self.access.principal_for(token)
        except AuthenticationError as error:
            log.info("websocket_refused", code=error.code.value)
            raise ConnectionRejectionError({"code": error.code.value}) from None
        context.principal = principal
        context.live = LiveConnection(self.access, token, principal)
        return ACKNOWLEDGE
