"""The auth service's signing keys, fetched from its JWKS and cached.

An unknown kid triggers a refresh, rate-limited so a stream of forged kids cannot hammer the
auth service; cached keys keep serving while the auth service is unreachable.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import jwt

from service_runtime.tokens import AuthenticationError, AuthErrorCode

JwksFetcher = Callable[[], Awaitable[dict[str, Any]]]


def http_jwks_fetcher(url: str, timeout: float = 5.0) -> JwksFetcher:
    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url)
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            return body

    return fetch


class JwksKeyStore:
    def __init__(
        self, fetch: JwksFetcher, *, cache_seconds: float = 300, min_refresh_seconds: float = 5
    ) -> None:
        self._fetch = fetch
        self._cache_seconds = cache_seconds
        self._min_refresh_seconds = min_refresh_seconds
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0
        self._attempted_at: float | None = None
        self._generation = 0
        self._lock = asyncio.Lock()

    async def key_for(self, kid: str) -> jwt.PyJWK:
        if self._should_refresh(kid, time.monotonic()):
            await self._refresh()
        key = self._keys.get(kid)
        if key is None:
            raise AuthenticationError(AuthErrorCode.UNKNOWN_KEY, "Token signed with an unknown key")
        return key

    def _should_refresh(self, kid: str, now: float) -> bool:
        if self._attempted_at is None or not self._keys:
            return True
        if now - self._attempted_at < self._min_refresh_seconds:
            return False
        return kid not in self._keys or now - self._fetched_at > self._cache_seconds

    async def _refresh(self) -> None:
        generation = self._generation
        async with self._lock:
            if self._generation != generation:
                return  # another task refreshed while this one waited
            self._attempted_at = time.monotonic()
            self._generation += 1
            try:
                document = await self._fetch()
                key_set = jwt.PyJWKSet.from_dict(document)
            except Exception as error:
                if self._keys:
                    return  # keep serving cached keys while the auth service is down
                raise AuthenticationError(
                    AuthErrorCode.KEYS_UNAVAILABLE, "Signing keys are unavailable"
                ) from error
            self._keys = {key.key_id: key for key in key_set.keys if key.key_id}
            self._fetched_at = self._attempted_at
