"""Where a factory sends its documents: an in-process app or the router."""

from __future__ import annotations

from typing import Any, Protocol

import httpx


class AppGraphQL(Protocol):
    """An app's /graphql in-process (devstack.testing.GraphQL)."""

    async def __call__(
        self, query: str, bearer: str | None = None, **variables: Any
    ) -> dict[str, Any]: ...


# A router client's base URL is the router's; its /graphql is asked like any client would.
Api = AppGraphQL | httpx.AsyncClient


async def router_graphql(
    http: httpx.AsyncClient, query: str, token: str | None = None, **variables: Any
) -> dict[str, Any]:
    """POST a document to `http`'s /graphql (the router in e2e tests); asserts HTTP 200."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def execute(api: Api, query: str, token: str | None, **variables: Any) -> dict[str, Any]:
    if isinstance(api, httpx.AsyncClient):
        return await router_graphql(api, query, token, **variables)
    return await api(query, token, **variables)


def result(body: dict[str, Any], field: str, typename: str) -> dict[str, Any]:
    """`body`'s `field`, asserted to be a `typename` (the whole body is shown otherwise)."""
    found: dict[str, Any] | None = (body.get("data") or {}).get(field)
    assert found is not None, body
    assert found.get("__typename") == typename, body
    return found
