"""Access-token verification against the auth service's keys (see jwks.py).

Only asymmetric algorithms from the allow-list are accepted, so "none" and
HS256-signed-with-the-public-key tokens fail before any signature check.
"""

from __future__ import annotations

import enum
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt

if TYPE_CHECKING:
    from service_runtime.jwks import JwksKeyStore


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
        self._verified = VerifiedTokens()

    async def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            return cached
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
        claims = self._decode(token, key, algorithm)
        principal = _principal(claims)
        self._verified.remember(token, principal, float(claims["exp"]))
        return principal

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


class VerifiedTokens:
    """Tokens already verified, until they expire: a client sends the same token with every
    request, and re-checking its signature and claims each time is pure overhead. Bounded LRU;
    keys leave the JWKS only after every token they signed has expired, so entries stay sound.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry[1] <= time.time():
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
