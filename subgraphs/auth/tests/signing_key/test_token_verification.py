"""Bad tokens presented to the subgraph: each is a 401 with a reason code, never a 500."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key import crypto
from auth_subgraph.signing_key.models import SigningKey
from service_runtime.database import Database

from ..conftest import GraphQL

ME = "{ me { id } }"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims(settings: AuthSettings, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(uuid.uuid4()),
        "sid": str(uuid.uuid4()),
        "scope": "org:read",
        "iat": now,
        "exp": now + 600,
        **overrides,
    }


def kid_of(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


@pytest.fixture
def foreign_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def assert_rejected(gql: GraphQL, token: str, code: str) -> None:
    body = await gql(ME, bearer=token)
    assert body["_status"] == 401, body
    assert body["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize(
    ("claim", "value", "code"),
    [
        ("exp", int(time.time()) - 3600, "TOKEN_EXPIRED"),
        ("iss", "someone-else", "INVALID_ISSUER"),
        ("aud", "another-api", "INVALID_AUDIENCE"),
    ],
)
async def test_correctly_signed_token_with_one_bad_claim(
    gql: GraphQL,
    registered: dict[str, Any],
    auth_settings: AuthSettings,
    claim: str,
    value: Any,
    code: str,
) -> None:
    key = await _signing_key(auth_settings, registered)
    headers = {"kid": kid_of(registered["accessToken"])}
    token = jwt.encode(claims(auth_settings, **{claim: value}), key, "RS256", headers=headers)
    await assert_rejected(gql, token, code)


async def test_alg_none(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings
) -> None:
    header = {"alg": "none", "typ": "JWT", "kid": kid_of(registered["accessToken"])}
    token = f"{_b64(header)}.{_b64(claims(auth_settings))}."
    await assert_rejected(gql, token, "UNSUPPORTED_ALGORITHM")


async def test_hs256_signed_with_the_public_key(
    gql: GraphQL, registered: dict[str, Any], auth_settings: AuthSettings, client: Any
) -> None:
    jwks = (await client.get("/.well-known/jwks.json")).json()
    public_pem = jwt.PyJWK(jwks["keys"][0]).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": jwks["keys"][0]["kid"]}
    signing_input = f"{_b64(header)}.{_b64(claims(auth_settings))}"
    signature = (
        base64.urlsafe_b64encode(
            hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        )
        .rstrip(b"=")
        .decode()
    )
    await assert_rejected(gql, f"{signing_input}.{signature}", "UNSUPPORTED_ALGORITHM")


async def test_unknown_kid(
    gql: GraphQL, auth_settings: AuthSettings, foreign_key: rsa.RSAPrivateKey
) -> None:
    token = jwt.encode(
        claims(auth_settings), foreign_key, "RS256", headers={"kid": "not-a-known-kid"}
    )
    await assert_rejected(gql, token, "UNKNOWN_KEY")


async def test_known_kid_signed_by_another_key(
    gql: GraphQL,
    registered: dict[str, Any],
    auth_settings: AuthSettings,
    foreign_key: rsa.RSAPrivateKey,
) -> None:
    token = jwt.encode(
        claims(auth_settings),
        foreign_key,
        "RS256",
        headers={"kid": kid_of(registered["accessToken"])},
    )
    await assert_rejected(gql, token, "INVALID_SIGNATURE")


async def test_tampered_payload(gql: GraphQL, registered: dict[str, Any]) -> None:
    header, payload, signature = registered["accessToken"].split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    decoded["scope"] += " financial:admin"
    await assert_rejected(gql, f"{header}.{_b64(decoded)}.{signature}", "INVALID_SIGNATURE")


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "Zm9v.YmFy.YmF6"])
async def test_malformed_token(gql: GraphQL, token: str) -> None:
    await assert_rejected(gql, token, "MALFORMED_TOKEN")


async def test_non_bearer_scheme_is_rejected(client: Any) -> None:
    response = await client.post(
        "/graphql", json={"query": ME}, headers={"Authorization": "Basic Zm9vOmJhcg=="}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "MALFORMED_TOKEN"


async def test_valid_token_is_accepted(gql: GraphQL, registered: dict[str, Any]) -> None:
    body = await gql(ME, bearer=registered["accessToken"])
    assert body["data"]["me"]["id"] == registered["user"]["id"]


async def _signing_key(settings: AuthSettings, registered: dict[str, Any]) -> rsa.RSAPrivateKey:
    """The service's real private key, to build tokens that differ from a good one in one claim."""
    secret = settings.key_encryption_secret
    database = Database(settings.database_url)
    async with database.read() as session:
        key = await session.get(SigningKey, kid_of(registered["accessToken"]))
    await database.dispose()
    assert key is not None
    fernet = crypto.fernet_for(secret.get_secret_value() if secret else None)
    return crypto.load_private_key(fernet.decrypt(key.private_key_encrypted))
