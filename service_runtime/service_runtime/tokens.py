"""Access-token verification against the auth service's JWKS.

Keys are cached; an unknown kid triggers one refresh (rate-limited, so a stream of forged kids
cannot hammer the auth service). Only asymmetric algorithms from the allow-list are accepted,
so "none" and HS256-signed-with-the-public-key tokens fail before any signature check.
"""

from __future__ import annotations

import asyncio
import enum
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

JwksFetcher = Callable[[], Awaitable[dict[str, Any]]]


class AuthErrorCode(enum.StrEnum):
    MALFORMED_TOKEN = "MALFORMED_TOKEN"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    INVALID_SIGNATURE = "INVALID_SIGNATURE"
    INVALID_ISSUER = "INVALID_ISSUER"
    INVALID_AUDIENCE = "INVALID_AUDIENCE"
    UNSUPPORTED_ALGORITHM = "UNSUPPORTED_ALGORITHM"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    INVALID_CLAIMS = "INVALID_CLAIMS"
    KEYS_UNAVAILABLE = "KEYS_UNAVAILABLE"


class AuthenticationError(Exception):
    def __init__(self, code: AuthErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a verified token speaks for."""

    user_id: uuid.UUID
    organization_id: uuid.UUID | None
    scopes: frozenset[str]
    token_id: str | None = None

    def has_all(self, scopes: list[str]) -> bool:
        return all(scope in self.scopes for scope in scopes)


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


class TokenVerifier:
    def __init__(
        self,
        keys: JwksKeyStore,
        *,
        issuer: str,
        audience: str,
        algorithms: list[str],
        leeway_seconds: int = 30,
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._algorithms = algorithms
        self._leeway = leeway_seconds

    async def verify(self, token: str) -> Principal:
        header = _unverified_header(token)
        algorithm = header.get("alg")
        if algorithm not in self._algorithms:
            raise AuthenticationError(
                AuthErrorCode.UNSUPPORTED_ALGORITHM, f"Algorithm {algorithm!r} is not accepted"
            )
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError(AuthErrorCode.UNKNOWN_KEY, "Token has no key id")
        key = await self._keys.key_for(kid)
        if key.algorithm_name != algorithm:
            raise AuthenticationError(
                AuthErrorCode.UNSUPPORTED_ALGORITHM, "Token algorithm does not match its key"
            )
        return _principal(self._decode(token, key, algorithm))

    def _decode(self, token: str, key: jwt.PyJWK, algorithm: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise AuthenticationError(AuthErrorCode.TOKEN_EXPIRED, "Token has expired") from error
        except jwt.InvalidAudienceError as error:
            raise AuthenticationError(AuthErrorCode.INVALID_AUDIENCE, "Wrong audience") from error
        except jwt.InvalidIssuerError as error:
            raise AuthenticationError(AuthErrorCode.INVALID_ISSUER, "Wrong issuer") from error
        except jwt.InvalidSignatureError as error:
            raise AuthenticationError(AuthErrorCode.INVALID_SIGNATURE, "Bad signature") from error
        except jwt.DecodeError as error:
            raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Malformed token") from error
        except jwt.InvalidTokenError as error:
            raise AuthenticationError(AuthErrorCode.INVALID_CLAIMS, str(error)) from error
        return claims


def _unverified_header(token: str) -> dict[str, Any]:
    try:
        return jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Malformed token") from error


def _principal(claims: dict[str, Any]) -> Principal:
    try:
        user_id = uuid.UUID(str(claims["sub"]))
        org = claims.get("org")
        organization_id = uuid.UUID(str(org)) if org else None
    except ValueError as error:
        raise AuthenticationError(AuthErrorCode.INVALID_CLAIMS, "Malformed subject") from error
    scope = claims.get("scope", "")
    if not isinstance(scope, str):
        raise AuthenticationError(AuthErrorCode.INVALID_CLAIMS, "Malformed scope claim")
    return Principal(
        user_id=user_id,
        organization_id=organization_id,
        scopes=frozenset(scope.split()),
        token_id=claims.get("jti"),
    )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, None when there is none."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Expected a Bearer token")
    return token.strip()
