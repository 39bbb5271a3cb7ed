"""The shared token vectors against the subgraphs' verifier (the router runs the same vectors:
tests/router/test_router_token_policy.py)."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from devstack.token_vectors import VECTORS, VectorSigner
from service_runtime.jwks import JwksKeyStore
from service_runtime.tokens import AuthenticationError, TokenVerifier

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
SIGNER = VectorSigner(KEY, "k1", "iss", "aud")


async def jwks() -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
    return {"keys": [{**jwk, "kid": "k1", "alg": "RS256"}]}


def verifier() -> TokenVerifier:
    store = JwksKeyStore(jwks, cache_seconds=300, min_refresh_seconds=0)
    return TokenVerifier(store, issuer="iss", audience="aud", algorithms=["RS256"])


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
async def test_vector(vector: dict[str, Any]) -> None:
    token = SIGNER.token(vector)
    if vector["expect"] is None:
        principal = await verifier().verify(token)
        assert principal.session_id is not None
        return
    with pytest.raises(AuthenticationError) as error:
        await verifier().verify(token)
    assert error.value.code.value == vector["expect"]


def test_vectors_cover_every_claim_check() -> None:
    """A new rule in token_policy.json needs a vector that breaks it."""
    from service_runtime.token_policy import POLICY

    refused = {vector["expect"] for vector in VECTORS}
    assert {"INVALID_CLAIMS", "TOKEN_EXPIRED", "INVALID_ISSUER", "INVALID_AUDIENCE"} <= refused
    names = " ".join(vector["name"] for vector in VECTORS)
    for claim in POLICY["required_claims"] + POLICY["uuid_claims"] + POLICY["counter_claims"]:
        assert claim in names, f"no vector breaks the {claim} claim"
