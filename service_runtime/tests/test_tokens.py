"""JWKS caching and refresh, and claim checks, against keys made in the test."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from service_runtime.clock import SYSTEM_CLOCK, Clock, ManualClock
from service_runtime.jwks import JwksKeyStore
from service_runtime.tokens import AuthenticationError, AuthErrorCode, TokenVerifier, bearer_token


class FakeJwks:
    """A JWKS endpoint whose keys the test controls; counts fetches, can go down."""

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.fetches = 0
        self.down = False

    def add_key(self, kid: str) -> rsa.RSAPrivateKey:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self.keys[kid]

    async def __call__(self) -> dict[str, Any]:
        self.fetches += 1
        if self.down:
            raise ConnectionError("auth service down")
        return {
            "keys": [
                {**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": kid, "alg": "RS256"}
                for kid, key in self.keys.items()
            ]
        }


def token(key: rsa.RSAPrivateKey, kid: str, **claims: Any) -> str:
    now = int(time.time())
    body = {
        "iss": "iss",
        "aud": "aud",
        "sub": str(uuid.uuid4()),
        "sid": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 60,
    }
    return jwt.encode({**body, **claims}, key, "RS256", headers={"kid": kid})


@pytest.fixture
def jwks() -> FakeJwks:
    return FakeJwks()


def verifier(
    jwks: FakeJwks, min_refresh: float = 0.0, clock: Clock = SYSTEM_CLOCK
) -> TokenVerifier:
    store = JwksKeyStore(jwks, cache_seconds=300, min_refresh_seconds=min_refresh)
    return TokenVerifier(store, issuer="iss", audience="aud", algorithms=["RS256"], clock=clock)


async def test_keys_are_cached_between_verifications(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    check = verifier(jwks)
    for _ in range(3):
        await check.verify(token(key, "k1"))
    assert jwks.fetches == 1


async def test_unknown_kid_triggers_one_refresh_and_then_verifies(jwks: FakeJwks) -> None:
    check = verifier(jwks)
    await check.verify(token(jwks.add_key("k1"), "k1"))
    rotated = jwks.add_key("k2")
    principal = await check.verify(
        token(rotated, "k2", scope="a:read b:write", org=str(uuid.uuid4()))
    )
    assert jwks.fetches == 2
    assert principal.scopes == frozenset({"a:read", "b:write"})


async def test_unknown_kid_refreshes_are_rate_limited(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    check = verifier(jwks, min_refresh=60)
    await check.verify(token(key, "k1"))
    for attempt in range(5):
        with pytest.raises(AuthenticationError) as error:
            await check.verify(token(key, f"forged-{attempt}"))
        assert error.value.code is AuthErrorCode.UNKNOWN_KEY
    assert jwks.fetches == 1


async def test_cached_keys_keep_working_while_jwks_is_down(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    store = JwksKeyStore(jwks, cache_seconds=0, min_refresh_seconds=0)
    check = TokenVerifier(store, issuer="iss", audience="aud", algorithms=["RS256"])
    await check.verify(token(key, "k1"))
    jwks.down = True
    await check.verify(token(key, "k1"))
    assert jwks.fetches == 2


async def test_no_keys_at_all_is_a_typed_error(jwks: FakeJwks) -> None:
    jwks.down = True
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthenticationError) as error:
        await verifier(jwks).verify(token(key, "k1"))
    assert error.value.code is AuthErrorCode.KEYS_UNAVAILABLE


async def test_non_uuid_subject_is_invalid_claims(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    with pytest.raises(AuthenticationError) as error:
        await verifier(jwks).verify(token(key, "k1", sub="admin"))
    assert error.value.code is AuthErrorCode.INVALID_CLAIMS


async def test_missing_expiry_is_invalid_claims(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    raw = jwt.encode(
        {"iss": "iss", "aud": "aud", "sub": str(uuid.uuid4()), "iat": 1},
        key,
        "RS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(AuthenticationError) as error:
        await verifier(jwks).verify(raw)
    assert error.value.code is AuthErrorCode.INVALID_CLAIMS


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, None), ("Bearer abc", "abc"), ("bearer  abc ", "abc")],
)
def test_bearer_token_parsing(header: str | None, expected: str | None) -> None:
    assert bearer_token(header) == expected


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer   ", "abc"])
def test_bad_authorization_headers_are_malformed(header: str) -> None:
    with pytest.raises(AuthenticationError) as error:
        bearer_token(header)
    assert error.value.code is AuthErrorCode.MALFORMED_TOKEN


async def test_a_verified_token_is_not_checked_again_until_it_expires(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    check = verifier(jwks)
    good = token(key, "k1")
    first = await check.verify(good)
    jwks.keys.clear()  # a second full verification would now fail
    assert await check.verify(good) == first


async def test_an_expired_cached_token_is_rejected(jwks: FakeJwks) -> None:
    key = jwks.add_key("k1")
    clock = ManualClock(start=int(time.time()))  # a whole second: the claims are whole seconds
    check = verifier(jwks, clock=clock)
    # Accepted within the policy's 30 s clock skew, and not a second longer.
    short_lived = token(key, "k1", exp=int(clock.now()) - 29)
    await check.verify(short_lived)
    clock.advance(0.99)
    assert await check.verify(short_lived)  # still cached, still within the skew
    clock.advance(0.02)
    with pytest.raises(AuthenticationError) as error:
        await check.verify(short_lived)
    assert error.value.code is AuthErrorCode.TOKEN_EXPIRED
