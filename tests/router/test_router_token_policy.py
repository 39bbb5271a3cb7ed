"""One verification policy: every vector of service_runtime/token_vectors.json gets the same
answer (accepted, or 401 with the same reason code) from the router and from the subgraphs
called directly. The vectors are signed with the auth service's real key."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from devstack.token_vectors import VECTORS, VectorSigner

pytestmark = pytest.mark.e2e

ME = "{ me { id } }"
CLIENTS = "{ clients { edges { node { id } } } }"


def verdict(response: httpx.Response) -> str | None:
    """None when the token was accepted, else the reason code of the 401."""
    if response.status_code != 401:
        assert response.status_code == 200, response.text
        return None
    return str(response.json()["errors"][0]["extensions"]["code"])


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
async def test_router_and_subgraphs_agree(
    running_stack: Stack, token_mint: Any, http: httpx.AsyncClient, vector: dict[str, Any]
) -> None:
    signer = VectorSigner(token_mint.key, token_mint.kid, token_mint.issuer, token_mint.audience)
    token = signer.token(vector)
    headers = {"authorization": f"Bearer {token}"}
    answers = {}
    for name, query in (("router", ME), ("auth", ME), ("financial", CLIENTS)):
        response = await http.post(
            f"{running_stack.url(name)}/graphql", json={"query": query}, headers=headers
        )
        answers[name] = verdict(response)
    assert answers == dict.fromkeys(answers, vector["expect"])
