"""What errors tell clients in production: a code, the service, the request id, nothing of
the inside. Upstream timeouts once exposed the subgraph's URL, the subgraph query and every
variable. Field suggestions ("Did you mean ...?") describe the schema: development only.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

CREATE_CLIENT = """mutation($input: CreateClientInput!) {
  createClient(input: $input) { __typename } }"""
SECRET = "secret-client-name-8f2c"


@pytest.fixture(scope="module")
async def production_router(dedicated_router: Any) -> AsyncIterator[str]:
    # Every call to financial times out; auth answers as usual.
    env = {"ROUTER_ENVIRONMENT": "production", "ROUTER_UPSTREAM_TIMEOUT_MS_FINANCIAL": "1"}
    async with dedicated_router(env) as url:
        yield url


async def test_an_upstream_timeout_in_production_carries_a_code_and_request_id_only(
    post: Any, production_router: str, token_mint: Any
) -> None:
    token = token_mint.token(org=str(uuid.uuid4()), scope="financial:write org:read")
    variables = {"input": {"name": SECRET, "defaultCurrency": "EUR"}}
    response = await post(production_router, CREATE_CLIENT, token=token, variables=variables)
    assert response.status_code == 504, response.text
    [error] = response.json()["errors"]
    assert error["extensions"] == {
        "code": "GATEWAY_TIMEOUT",
        "service": "financial",
        "requestId": response.headers["x-request-id"],
    }
    for internal in (SECRET, "127.0.0.1", "http://", "createClient(", "stack"):
        assert internal not in response.text, internal


async def test_a_clients_own_request_id_is_the_one_reported(
    post: Any, production_router: str
) -> None:
    response = await post(
        production_router,
        "{ clients(first: 1) { edges { node { id } } } }",
        headers={"x-request-id": "client-chosen-id-42"},
    )
    [error] = response.json()["errors"]
    assert error["extensions"]["requestId"] == "client-chosen-id-42"


async def test_every_gateway_refusal_carries_a_code_in_production(
    http: Any, production_router: str
) -> None:
    # The CSRF check's own error came without a code.
    response = await http.get(f"{production_router}/graphql", params={"query": "{ __typename }"})
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert set(error["extensions"]) == {"code", "requestId"}


async def test_field_suggestions_are_hidden_in_production(
    post: Any, production_router: str, codes: Any
) -> None:
    response = await post(production_router, "{ me { idd } }")
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in response.text


async def test_field_suggestions_are_given_in_development(
    post: Any, router_url: str, codes: Any
) -> None:
    response = await post(router_url, "{ me { idd } }")
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert 'Did you mean "id"?' in response.json()["errors"][0]["message"]
