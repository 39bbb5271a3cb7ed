"""A subgraph SIGKILLed while the router has requests in flight to it: each of those requests
gets SUBGRAPH_UNAVAILABLE naming the service, never INTERNAL_SERVER_ERROR or "Unexpected
error." (the soak saw that under load). Logins are sent because each spends a while in the
auth service (argon2), so several are mid-request when it dies.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from devstack.stack import Stack

pytestmark = pytest.mark.e2e

LOGIN = """mutation { login(email: "nobody@example.com", password: "not-the-password-1") {
  __typename } }"""
IN_FLIGHT = 12


def outcome(response: httpx.Response) -> str:
    """What the client saw: the mutation's typed result, or the code and service of its error."""
    assert response.status_code < 500, response.text
    body = response.json()
    if body.get("data") and body["data"].get("login"):
        return body["data"]["login"]["__typename"]
    [error] = body["errors"]
    return f"{error['extensions'].get('code')}:{error['extensions'].get('service')}"


async def test_requests_in_flight_to_a_killed_subgraph_say_it_is_unavailable(
    running_stack: Stack, router_url: str
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        try:
            sent = [
                asyncio.create_task(http.post(f"{router_url}/graphql", json={"query": LOGIN}))
                for _ in range(IN_FLIGHT)
            ]
            await asyncio.sleep(0.3)  # the router has forwarded them; auth is hashing
            await running_stack.stop_service("auth", kill=True)
            answered = [outcome(response) for response in await asyncio.gather(*sent)]
            after = outcome(await http.post(f"{router_url}/graphql", json={"query": LOGIN}))
        finally:
            process = running_stack.services["auth"].process
            if process is None or process.returncode is not None:
                await running_stack.start_service("auth")
    assert set(answered) <= {"LoginError", "SUBGRAPH_UNAVAILABLE:auth"}, answered
    assert "SUBGRAPH_UNAVAILABLE:auth" in answered, answered  # some were cut off mid-request
    assert after == "SUBGRAPH_UNAVAILABLE:auth"
