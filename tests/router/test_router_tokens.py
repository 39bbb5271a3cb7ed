"""JWT vectors through the router: each bad token is refused at the router with 401 and a reason
code, and the same token sent straight to the auth subgraph is refused there too (zero trust:
a subgraph never relies on the router having checked). A good token reaches the subgraph."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from devstack.stack import Stack

pytestmark = pytest.mark.e2e

ME = "{ me { id } }"

# vector -> the reason code both the router and the subgraph must give
EXPECTED_CODES = {
    "expired": "TOKEN_EXPIRED",
    "wrong_issuer": "INVALID_ISSUER",
    "wrong_audience": "INVALID_AUDIENCE",
    "alg_none": "UNSUPPORTED_ALGORITHM",
    "hs256_signed_with_the_public_key": "UNSUPPORTED_ALGORITHM",
    "unknown_kid": "UNKNOWN_KEY",
    "tampered_payload": "INVALID_SIGNATURE",
}


def b64url(data: dict[str, Any] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


async def public_key_pem(auth_url: str) -> tuple[str, bytes]:
    async with httpx.AsyncClient(timeout=10) as http:
        jwk = (await http.get(f"{auth_url}/.well-known/jwks.json")).json()["keys"][0]
    key = jwt.PyJWK(jwk).key
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return jwk["kid"], pem


@pytest.fixture(scope="module")
async def bad_tokens(running_stack: Stack, token_mint: Any) -> dict[str, str]:
    """Each vector differs from a token the auth service would issue in one respect."""
    now = int(time.time())
    kid, pem = await public_key_pem(running_stack.url("auth"))
    # Algorithm confusion: a verifier that trusted "alg" would HMAC with the public key's PEM.
    hs_input = f"{b64url({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{b64url(token_mint.claims())}"
    hs_signature = b64url(hmac.new(pem, hs_input.encode(), hashlib.sha256).digest())
    foreign_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    header, payload, signature = token_mint.token().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["scope"] += " financial:admin"
    return {
        "expired": token_mint.token(iat=now - 7200, exp=now - 3600),
        "wrong_issuer": token_mint.token(iss="someone-else"),
        "wrong_audience": token_mint.token(aud="another-api"),
        "alg_none": f"{b64url({'alg': 'none', 'typ': 'JWT', 'kid': kid})}"
        f".{b64url(token_mint.claims())}.",
        "hs256_signed_with_the_public_key": f"{hs_input}.{hs_signature}",
        "unknown_kid": jwt.encode(
            token_mint.claims(), foreign_key, "RS256", headers={"kid": f"unknown-{uuid.uuid4()}"}
        ),
        "tampered_payload": f"{header}.{b64url(claims)}.{signature}",
    }


@pytest.mark.parametrize("vector", EXPECTED_CODES)
async def test_bad_token_is_refused_at_the_router(
    post: Any, router_url: str, bad_tokens: dict[str, str], codes: Any, vector: str
) -> None:
    # __typename touches no subgraph: a refusal can only come from the router itself.
    response = await post(router_url, "{ __typename }", token=bad_tokens[vector])
    assert response.status_code == 401, response.text
    assert codes(response) == [EXPECTED_CODES[vector]]
    assert "data" not in response.json()


@pytest.mark.parametrize("vector", EXPECTED_CODES)
async def test_bad_token_is_refused_by_the_subgraph_called_directly(
    post: Any, running_stack: Stack, bad_tokens: dict[str, str], codes: Any, vector: str
) -> None:
    response = await post(running_stack.url("auth"), ME, token=bad_tokens[vector])
    assert response.status_code == 401, response.text
    assert codes(response) == [EXPECTED_CODES[vector]]


async def test_valid_token_reaches_the_subgraph_through_the_router(
    post: Any, router_url: str, registered_user: dict[str, Any]
) -> None:
    # `me` is resolved from the forwarded Authorization header, so the id proves it arrived.
    response = await post(router_url, ME, token=registered_user["accessToken"])
    assert response.status_code == 200
    assert response.json()["data"] == {"me": {"id": registered_user["user"]["id"]}}


async def test_anonymous_request_passes_the_router_and_is_refused_by_the_subgraph(
    post: Any, router_url: str
) -> None:
    response = await post(router_url, ME)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["extensions"]["serviceName"] == "auth"
