"""What a soak user holds: a keep-alive connection to the router, a session (access token,
refreshed before it expires), and how a response is classified."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

from common import KeepAliveClient

REFRESH = """mutation($token: String!) { refresh(refreshToken: $token) {
  ... on AuthPayload { accessToken refreshToken expiresIn }
  ... on RefreshError { code } } }"""
REFRESH_MARGIN_SECONDS = 30.0
REFRESH_TIMEOUT_SECONDS = 10.0
REUSE_IDLE_SECONDS = 64.0  # the router's keep-alive timeout (65 s) minus undici's 1 s margin


class RouterConnection(KeepAliveClient):
    """One HTTP/1.1 connection to the router's /graphql, never retried behind the caller's
    back: a failed exchange is reported, so the soak counts it.

    Node closes a keep-alive connection idle for 5 s (the router's default keepAliveTimeout,
    announced as `Keep-Alive: timeout=5`). Like undici, the client does not reuse a
    connection idle for longer than that minus 1 s, but opens a new one: sending on one the
    server is closing gets a reset, which is the client's fault, not the platform's.
    """

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        self.opened = 0
        self.server_closed = 0  # closed by the server before we reused it
        self.idle_closed = 0  # closed by us: idle too long to reuse safely
        self.last_used = 0.0
        self.opened_for_last = False  # whether the last request opened a new connection

    async def post(self, payload: Any, token: str | None) -> tuple[int, Any]:
        if self.reader is not None and self.reader.at_eof():
            self.server_closed += 1
            await self.close()
        elif self.writer is not None and time.monotonic() - self.last_used > REUSE_IDLE_SECONDS:
            self.idle_closed += 1
            await self.close()
        self.opened_for_last = self.writer is None
        if self.opened_for_last:
            self.opened += 1
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            return await self._exchange(self._request(payload, headers))
        except BaseException:
            await self.close()  # the connection's state is unknown now
            raise
        finally:
            self.last_used = time.monotonic()

    def _request(self, payload: Any, headers: dict[str, str]) -> bytes:
        body = json.dumps(payload).encode()
        head = [
            "POST /graphql HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Content-Type: application/json",
            "Accept: application/json",
            f"Content-Length: {len(body)}",
            *(f"{name}: {value}" for name, value in headers.items()),
        ]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass
class Outcome:
    """`kind` is "ok", "429", "http 502 CODE", "graphql CODE" or "typed CODE" (a mutation's
    error result); `id` is the id a successful write returned."""

    kind: str
    id: str | None = None

    @classmethod
    def of(cls, status: int, body: Any, result_field: str) -> Outcome:
        errors = body.get("errors") if isinstance(body, dict) else None
        code = _first_code(errors)
        if status == 429:
            return cls("429")
        if status != 200:
            return cls(f"http {status} {code}".rstrip())
        if errors:
            return cls(f"graphql {code or 'no code'}")
        result = (body.get("data") or {}).get(result_field)
        if isinstance(result, dict) and "code" in result:
            return cls(f"typed {result['code']}")
        return cls("ok", _created_id(result))


def _first_code(errors: Any) -> str:
    if not errors or not isinstance(errors, list) or not isinstance(errors[0], dict):
        return ""
    return str((errors[0].get("extensions") or {}).get("code", ""))


def _created_id(result: Any) -> str | None:
    """The id inside a write's payload ({"client": {"id": ...}} or {"invoice": {...}})."""
    if isinstance(result, dict):
        for value in result.values():
            if isinstance(value, dict) and "id" in value:
                return str(value["id"])
    return None


class UserSession:
    """A registered user's tokens, shared by the virtual users acting as them. The access
    token is refreshed (one refresh at a time: refresh tokens rotate) shortly before it
    expires, as a real client does, so token lifetime does not show up as errors."""

    def __init__(self, router_url: str, user: dict[str, Any]) -> None:
        self.user = user
        self.access_token: str = user["access_token"]
        self.refresh_token: str = user["refresh_token"]
        self.expires_at: float = user["expires_at"]
        self.connection = RouterConnection(router_url)
        self.lock = asyncio.Lock()
        self.refreshes = 0

    async def token(self) -> str:
        if time.time() < self.expires_at - REFRESH_MARGIN_SECONDS:
            return self.access_token
        async with self.lock:
            if time.time() >= self.expires_at - REFRESH_MARGIN_SECONDS:
                await self._refresh()
        return self.access_token

    async def _refresh(self) -> None:
        payload = {"query": REFRESH, "variables": {"token": self.refresh_token}}
        try:
            async with asyncio.timeout(REFRESH_TIMEOUT_SECONDS):
                _status, body = await self.connection.post(payload, None)
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, OSError, ValueError):
            return  # keep the current token; the next request tries again
        result = (body.get("data") or {}).get("refresh") or {}
        if "accessToken" in result:
            self.access_token = result["accessToken"]
            self.refresh_token = result["refreshToken"]
            self.expires_at = time.time() + result["expiresIn"]
            self.refreshes += 1

    async def close(self) -> None:
        await self.connection.close()
