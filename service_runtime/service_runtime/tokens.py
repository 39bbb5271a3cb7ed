"""Access-token verification against the auth service's keys (see jwks.py) and the shared
policy (token_policy.json, enforced identically by the router).

Only asymmetric algorithms from the allow-list are accepted, so "none" and
HS256-signed-with-the-public-key tokens fail before any signature check.
"""

from __future__ import annotations

import json
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt

from service_runtime.clock import SYSTEM_CLOCK, Clock
from service_runtime.token_errors import AuthenticationError, AuthErrorCode
from service_runtime.token_policy import POLICY, ClaimCheck

if TYPE_CHECKING:
    from service_runtime.jwks import JwksKeyStore

__all__ = ["AuthErrorCode", "AuthenticationError", "Principal", "TokenVerifier", "bearer_token"]

_JWS = jwt.PyJWS()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a verified token speaks for."""

    user_id: uuid.UUID
    organization_id: uuid.UUID | None
    scopes: frozenset[str]
    token_id: str | None = None
    # The login session (refresh-token family) and the membership's token version: what
    # revocation (revocation.py) is checked against.
    session_id: uuid.UUID | None = None
    token_version: int = 0

    def has_all(self, scopes: list[str]) -> bool:
        return all(scope in self.scopes for scope in scopes)


class TokenVerifier:
    def __init__(
        self,
        keys: JwksKeyStore,
        *,
        issuer: str,
        audience: str,
        algorithms: list[str],
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._keys = keys
        self._clock = clock
        self._issuer = issuer
        self._audience = audience
        self._algorithms = [alg for alg in algorithms if alg in POLICY["allowed_algorithms"]]
        self._verified = VerifiedTokens(clock=clock)

    async def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            return cached
        if len(token) > POLICY["max_token_bytes"]:
            raise AuthenticationError(AuthErrorCode.TOKEN_TOO_LARGE, "Token is too large")
        header = _unverified_header(token)
        algorithm = header.get("alg")
        if algorithm not in self._algorithms:
            raise AuthenticationError(
                AuthErrorCode.UNSUPPORTED_ALGORITHM, "Algorithm is not accepted"
            )
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError(AuthErrorCode.UNKNOWN_KEY, "Token has no key id")
        key = await self._keys.key_for(kid)
        if key.algorithm_name != algorithm:
            raise AuthenticationError(
                AuthErrorCode.UNSUPPORTED_ALGORITHM, "Token algorithm does not match its key"
            )
        claims = _verified_claims(token, key, algorithm)
        ClaimCheck(self._issuer, self._audience, self._clock.now()).run(claims)
        principal = _principal(claims)
        self._verified.remember(token, principal, float(claims["exp"]))
        return principal


def _verified_claims(token: str, key: jwt.PyJWK, algorithm: str) -> dict[str, Any]:
    """The payload, once the signature holds; claims are judged by the policy, not PyJWT."""
    try:
        payload = _JWS.decode(token, key.key, algorithms=[algorithm])
    except jwt.InvalidSignatureError as error:
        raise AuthenticationError(AuthErrorCode.INVALID_SIGNATURE, "Bad signature") from error
    except jwt.InvalidTokenError as error:
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Malformed token") from error
    try:
        claims = json.loads(payload)
    except ValueError as error:
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Malformed token") from error
    if not isinstance(claims, dict):
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Malformed token")
    return claims


class VerifiedTokens:
    """Tokens already verified, until they expire: a client sends the same token with every
    request, and re-checking its signature and claims each time is pure overhead. Bounded LRU;
    keys leave the JWKS only after every token they signed has expired, so entries stay sound.
    (Revocation is checked on every request, after this cache: see revocation.py.)
    """

    def __init__(self, capacity: int = 10_000, clock: Clock = SYSTEM_CLOCK) -> None:
        self._capacity = capacity
        self._clock = clock
        self._entries: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry[1] <= self._clock.now() - POLICY["clock_skew_seconds"]:
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return entry[0]

    def remember(self, token: str, principal: Principal, expires_at: float) -> None:
        self._entries[token] = (principal, expires_at)
        self._entries.move_to_end(token)
        if len(self._entries) > self._capacity:
            self._entries.popitem(last=False)


def _unverified_header(token: str) -> dict[str, Any]:
    try:
        return jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Malformed token") from error


def _principal(claims: dict[str, Any]) -> Principal:
    """Claims already passed the policy: formats are known good."""
    org = claims.get("org")
    return Principal(
        user_id=uuid.UUID(claims["sub"]),
        organization_id=uuid.UUID(org) if org else None,
        scopes=frozenset(claims.get("scope", "").split()),
        token_id=claims.get("jti"),
        session_id=uuid.UUID(claims["sid"]),
        token_version=int(claims.get("ver", 0)),
    )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, None when there is none."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(AuthErrorCode.MALFORMED_TOKEN, "Expected a Bearer token")
    return token.strip()
