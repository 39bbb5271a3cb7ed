"""Hostile and broken request bodies at the router: each gets a typed 4xx before anything else
reads it, nothing is written, and the router keeps serving.

The case that started it: a `createClient` whose `customFields: JSON` variable was nested
5,000 levels deep overflowed the router logger's stack, and the upstream-timeout rejection
left behind then exited Node.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

JSON = {"content-type": "application/json"}
CREATE_CLIENT = (
    "mutation($input: CreateClientInput!) { createClient(input: $input) { __typename } }"
)
TYPENAME = '"query":"{ __typename }"'
ANONYMOUS_LIMIT = 1_048_576  # ROUTER_MAX_BODY_BYTES's default


def nested_object(depth: int) -> str:
    return '{"a":' * depth + '"x"' + "}" * depth


def create_client_body(custom_fields: str) -> bytes:
    variables = (
        f'{{"input":{{"name":"Deep","defaultCurrency":"EUR","customFields":{custom_fields}}}}}'
    )
    return f'{{"query":"{CREATE_CLIENT}","variables":{variables}}}'.encode()


def body(rest: str) -> bytes:
    return f"{{{TYPENAME},{rest}}}".encode()


# Each: the raw body and the code the router answers it with.
ODD_BODIES: dict[str, tuple[bytes, str]] = {
    "deep array variable": (
        body('"variables":{"a":' + "[" * 100_000 + "]" * 100_000 + "}"),
        "VARIABLES_TOO_DEEP",
    ),
    "deep object variable": (
        body(f'"variables":{{"a":{nested_object(5_000)}}}'),
        "VARIABLES_TOO_DEEP",
    ),
    "deep extensions": (body(f'"extensions":{nested_object(200)}'), "VARIABLES_TOO_DEEP"),
    "65 levels": (body('"variables":' + nested_object(64)), "VARIABLES_TOO_DEEP"),
    "100,000 values": (
        body('"variables":{"a":[' + ",".join(["0"] * 100_000) + "]}"),
        "VARIABLES_TOO_LARGE",
    ),
    "10 MB string": (body('"variables":{"a":"' + "x" * 10_000_000 + '"}'), "REQUEST_TOO_LARGE"),
    "raw NUL byte": (b'{"query":"{ __typename }\x00"}', "INVALID_JSON"),
    "invalid UTF-8": (b'{"query":"{ __typename }","variables":{"a":"\xff\xfe"}}', "INVALID_JSON"),
    "truncated JSON": (b'{"query":', "INVALID_JSON"),
    "empty body": (b"", "INVALID_JSON"),
    "variables an array": (body('"variables":[1,2]'), "BAD_REQUEST"),
    "variables a string": (body('"variables":"{}"'), "BAD_REQUEST"),
    "variables a number": (body('"variables":1e400'), "BAD_REQUEST"),
    "body an array": (b'[{"query":"{ __typename }"}]', "BAD_REQUEST"),
    "body a number": (b"42", "BAD_REQUEST"),
    "body null": (b"null", "BAD_REQUEST"),
    "duplicate keys, last wins": (b'{"query":"{ __typename }","query":5}', "BAD_REQUEST"),
    "a 100 kB unknown key": (body('"' + "k" * 100_000 + '":1'), "BAD_REQUEST"),
}


@pytest.mark.parametrize("case", ODD_BODIES, ids=list(ODD_BODIES))
async def test_odd_body_gets_a_typed_4xx_and_the_router_keeps_serving(
    router: httpx.AsyncClient, case: str, assert_typed: Any
) -> None:
    raw, code = ODD_BODIES[case]
    response = await router.post("/graphql", content=raw, headers=JSON)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    answer = response.json()
    assert_typed(answer)
    assert [error["extensions"]["code"] for error in answer["errors"]] == [code]
    # Nothing hostile is echoed back.
    assert len(response.content) < 1_000
    alive = await router.post("/graphql", json={"query": "{ __typename }"})
    assert alive.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize("token", [False, True], ids=["anonymous", "owner"])
async def test_deeply_nested_json_variable_is_refused_and_writes_nothing(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any, token: bool
) -> None:
    headers = {**JSON, **({"authorization": f"Bearer {owner_token}"} if token else {})}
    before = await snapshot()
    response = await router.post(
        "/graphql", content=create_client_body(nested_object(5_000)), headers=headers
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "VARIABLES_TOO_DEEP"
    assert await snapshot() == before
    assert (await router.get("/healthcheck")).status_code == 200


async def test_json_variable_within_the_bounds_is_served(
    router: httpx.AsyncClient, owner_token: str
) -> None:
    headers = {**JSON, "authorization": f"Bearer {owner_token}"}
    response = await router.post(
        "/graphql", content=create_client_body(nested_object(20)), headers=headers
    )
    assert response.json()["data"] == {"createClient": {"__typename": "ClientPayload"}}


async def streamed(size: int) -> AsyncIterator[bytes]:
    yield b'{"query":"{ __typename }","variables":{"a":"'
    for _ in range(size // 100_000):
        yield b"y" * 100_000
    yield b'"}}'


async def test_oversized_body_without_a_length_is_cut_off_while_streaming(
    router: httpx.AsyncClient,
) -> None:
    # Chunked: no Content-Length to judge by, so the limit applies to the bytes read.
    response = await router.post("/graphql", content=streamed(10_000_000), headers=JSON)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


async def test_body_just_under_the_anonymous_limit_is_read(router: httpx.AsyncClient) -> None:
    padding = "x" * (ANONYMOUS_LIMIT - 100)
    response = await router.post(
        "/graphql", json={"query": "{ __typename }", "variables": {"a": padding}}
    )
    assert response.json()["data"] == {"__typename": "Query"}


async def test_deep_variables_in_a_get_query_string_are_refused(router: httpx.AsyncClient) -> None:
    variables = '{"a":' + "[" * 2_000 + "]" * 2_000 + "}"
    response = await router.get(
        "/graphql",
        params={"query": "{ __typename }", "variables": variables},
        headers={"apollographql-client-name": "adversary"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "VARIABLES_TOO_DEEP"


async def test_other_content_types_are_refused_with_a_code(router: httpx.AsyncClient) -> None:
    response = await router.post(
        "/graphql", content=b"{}", headers={"content-type": "text/plain", "x-graphql-csrf": "1"}
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
