"""Per-client request budgets and operation limits at the router.

The budgets live in Redis, which is flushed after every test, so each test starts with a full
budget on the module's router.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

pytestmark = pytest.mark.e2e

BUDGET = 5
WINDOW_SECONDS = 60
TYPENAME = "{ __typename }"


@pytest.fixture(scope="module")
async def limited_router(dedicated_router: Any) -> AsyncIterator[str]:
    env = {"ROUTER_RATE_LIMIT_MAX": str(BUDGET), "ROUTER_RATE_LIMIT_WINDOW_SECONDS": "60"}
    async with dedicated_router(env) as url:
        yield url


@pytest.fixture(scope="module")
async def frugal_router(dedicated_router: Any) -> AsyncIterator[str]:
    async with dedicated_router({"ROUTER_MAX_COST": "2"}) as url:
        yield url


async def spend_budget(post: Any, url: str, token: str | None = None) -> None:
    for used in range(1, BUDGET + 1):
        response = await post(url, TYPENAME, token=token)
        assert response.status_code == 200, response.text
        assert response.headers["RateLimit-Remaining"] == str(BUDGET - used)


def nested_query(depth: int) -> str:
    """`{ me { memberships { user { memberships { ... } } } } }`, `depth` fields deep."""
    path = ["me"]
    while len(path) < depth - 1:
        path.append("memberships" if path[-1] in ("me", "user") else "user")
    leaf = "id" if path[-1] in ("me", "user") else "role"
    return "{ " + " { ".join([*path, leaf]) + " }" * depth


async def test_request_over_the_budget_gets_429_with_rate_limit_headers(
    post: Any, limited_router: str, codes: Any
) -> None:
    await spend_budget(post, limited_router)
    response = await post(limited_router, TYPENAME)
    assert response.status_code == 429
    assert codes(response) == ["RATE_LIMITED"]
    headers = response.headers
    assert 0 < int(headers["Retry-After"]) <= WINDOW_SECONDS
    assert headers["RateLimit-Limit"] == str(BUDGET)
    assert headers["RateLimit-Remaining"] == "0"
    assert 0 < int(headers["RateLimit-Reset"]) <= WINDOW_SECONDS


async def test_another_verified_subject_has_its_own_budget(
    post: Any, limited_router: str, token_mint: Any
) -> None:
    spent = token_mint.token(sub=str(uuid.uuid4()))
    await spend_budget(post, limited_router, spent)
    assert (await post(limited_router, TYPENAME, token=spent)).status_code == 429
    fresh = await post(limited_router, TYPENAME, token=token_mint.token(sub=str(uuid.uuid4())))
    assert fresh.status_code == 200
    assert fresh.headers["RateLimit-Remaining"] == str(BUDGET - 1)


async def test_forged_token_is_refused_rather_than_given_a_fresh_budget(
    post: Any, limited_router: str, token_mint: Any, codes: Any
) -> None:
    await spend_budget(post, limited_router)
    assert (await post(limited_router, TYPENAME)).status_code == 429
    # Right kid and claims, wrong key: an attacker minting subjects to dodge the limit.
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for subject in ("forged-1", "forged-2"):
        claims = token_mint.claims(sub=subject)
        forged = jwt.encode(claims, forger, "RS256", headers={"kid": token_mint.kid})
        response = await post(limited_router, TYPENAME, token=forged)
        assert response.status_code == 401
        assert codes(response) == ["INVALID_SIGNATURE"]


async def test_costly_query_is_rejected_by_the_cost_limit(
    post: Any, frugal_router: str, codes: Any
) -> None:
    response = await post(frugal_router, "{ a: me { id } b: me { id } c: me { id } }")
    assert codes(response) == ["COST_ESTIMATED_TOO_EXPENSIVE"]
    assert response.json()["data"] is None
    assert response.json()["errors"][0]["extensions"]["cost"] == {"estimated": 3, "max": 2}


async def test_cheap_query_passes_the_cost_limit(post: Any, frugal_router: str, codes: Any) -> None:
    response = await post(frugal_router, "{ me { id } }")
    # Executed: the subgraph itself answers that the caller is anonymous.
    assert codes(response) == ["UNAUTHENTICATED"]


async def test_query_deeper_than_max_depth_is_rejected(post: Any, router_url: str) -> None:
    response = await post(router_url, nested_query(11))
    [error] = response.json()["errors"]
    # The gateway's depth error carries no extensions.code, only this message.
    assert "Query depth limit of 10 exceeded, found 11" in error["message"]
    assert "data" not in response.json()


async def test_query_at_max_depth_is_executed(post: Any, router_url: str, codes: Any) -> None:
    response = await post(router_url, nested_query(10))
    assert codes(response) == ["UNAUTHENTICATED"]


async def test_query_with_too_many_tokens_is_rejected(
    post: Any, router_url: str, codes: Any
) -> None:
    # Three tokens per alias: well over the default 2000, yet shallow and free of cost.
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(700)) + " }"
    response = await post(router_url, query)
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]
    assert "Token limit of 2000 exceeded" in response.json()["errors"][0]["message"]


async def test_per_subgraph_upstream_timeout_cuts_off_a_slow_subgraph(
    dedicated_router: Any, post: Any, codes: Any
) -> None:
    # A 1 ms budget for auth only: any call to it times out, the router itself still answers.
    async with dedicated_router({"ROUTER_UPSTREAM_TIMEOUT_MS_AUTH": "1"}) as url:
        assert (await post(url, TYPENAME)).json()["data"] == {"__typename": "Query"}
        touching_auth = await post(url, "{ me { id } }")
        assert touching_auth.status_code == 504, touching_auth.text
        assert touching_auth.json()["data"] is None
        assert codes(touching_auth) == ["GATEWAY_TIMEOUT"], touching_auth.text


LOGIN = """mutation { login(email: "nobody@example.com", password: "not-the-password-1") {
  __typename } }"""


async def test_login_has_its_own_configurable_per_client_limit(
    dedicated_router: Any, post: Any
) -> None:
    async with dedicated_router({"ROUTER_LOGIN_LIMIT_PER_15_MINUTES": "2"}) as url:
        answers = [(await post(url, LOGIN)).json() for _ in range(3)]
    assert [a["data"]["login"]["__typename"] for a in answers[:2]] == ["LoginError"] * 2
    assert answers[2].get("data") is None, answers[2]
    assert "rate limit" in answers[2]["errors"][0]["message"].lower(), answers[2]
