"""Who is on a GraphQL WebSocket, and whether they still may be.

The token arrives in connection_init (`payload.authorization`, as the router forwards it) or
in the upgrade's Authorization header, and is verified exactly as over HTTP (same verifier,
same revocation check). A live subscription re-checks it before every event and every
`recheck_seconds` while quiet, so an expired or revoked token (logout, logoutEverywhere, a
removed member) ends the subscription with an error carrying the reason code.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from service_runtime.errors import ClientError
from service_runtime.live.broker import LiveBroker
from service_runtime.live.channels import channel_for
from service_runtime.revocation import RevocationCheck
from service_runtime.tokens import (
    AuthenticationError,
    AuthErrorCode,
    Principal,
    TokenVerifier,
    bearer_token,
)


def presented_token(params: Mapping[str, Any] | None, headers: Mapping[str, str]) -> str | None:
    """The bearer token of connection_init's payload, else of the upgrade request."""
    authorization = (params or {}).get("authorization") or (params or {}).get("Authorization")
    if authorization is None or authorization == "":
        authorization = headers.get("authorization")
    if authorization is not None and not isinstance(authorization, str):
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Expected a Bearer token")
    return bearer_token(authorization)


@dataclass
class LiveAccess:
    """What a service needs to check tokens and serve live events (one per process)."""

    verifier: TokenVerifier
    revocations: RevocationCheck
    broker: LiveBroker
    recheck_seconds: float = 5.0

    async def principal_for(self, token: str) -> Principal:
        """The token's principal, or AuthenticationError (expired, revoked, forged...)."""
        principal = await self.verifier.verify(token)
        if await self.revocations.is_revoked(principal):
            raise AuthenticationError(AuthErrorCode.TOKEN_REVOKED, "Token has been revoked")
        return principal


@dataclass
class LiveConnection:
    """One authenticated WebSocket connection (its context's `live`)."""

    access: LiveAccess
    token: str
    principal: Principal

    async def events(self, topic: str) -> AsyncIterator[dict[str, Any]]:
        """Events of `topic` for the caller's organisation, while the token stays good."""
        organization = self.principal.organization_id
        if organization is None:
            raise ClientError("This token is not scoped to an organisation.", "FORBIDDEN")
        interval = self.access.recheck_seconds
        async with self.access.broker.subscription(channel_for(topic, organization)) as feed:
            next_check = time.monotonic() + interval
            while True:
                try:
                    async with asyncio.timeout(max(0.0, next_check - time.monotonic())):
                        event = await feed.next()
                except TimeoutError:
                    await self._still_valid()
                    next_check = time.monotonic() + interval
                    continue
                await self._still_valid()
                yield event

    async def _still_valid(self) -> None:
        try:
            await self.access.principal_for(self.token)
        except AuthenticationError as error:
            raise ClientError(f"Subscription ended: {error.message}.", error.code.value) from None
