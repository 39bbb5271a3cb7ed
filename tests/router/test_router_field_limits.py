"""The per-field limits on login and register live in Redis (ROUTER_REDIS_URL): replicas share
them and a restart does not reset them. They lived in each router's memory, so every replica
allowed the full count and restarting one forgot it.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

LOGIN = """mutation { login(email: "nobody@example.com", password: "not-the-password-1") {
  __typename } }"""
LIMIT = {"ROUTER_LOGIN_LIMIT_PER_15_MINUTES": "2"}


def refused(answer: dict[str, Any]) -> bool:
    return answer.get("data") is None and "rate limit" in answer["errors"][0]["message"].lower()


async def login(post: Any, url: str) -> dict[str, Any]:
    answer: dict[str, Any] = (await post(url, LOGIN)).json()
    return answer


async def test_two_routers_sharing_redis_share_the_login_limit(
    dedicated_router: Any, post: Any
) -> None:
    async with dedicated_router(LIMIT) as first, dedicated_router(LIMIT) as second:
        assert (await login(post, first))["data"]["login"]["__typename"] == "LoginError"
        assert (await login(post, second))["data"]["login"]["__typename"] == "LoginError"
        # Two logins spent between them: both refuse the third.
        assert refused(await login(post, first))
        assert refused(await login(post, second))


async def test_a_restarted_router_still_refuses(dedicated_router: Any, post: Any) -> None:
    async with dedicated_router(LIMIT) as url:
        for _ in range(2):
            assert (await login(post, url))["data"]["login"]["__typename"] == "LoginError"
        assert refused(await login(post, url))
    async with dedicated_router(LIMIT) as restarted:
        assert refused(await login(post, restarted))
