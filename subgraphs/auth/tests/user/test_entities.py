"""Federation entities: User and Organization resolve by id, only within the caller's tenant."""

from __future__ import annotations

from typing import Any

from devstack.factories.auth import register

from ..conftest import GraphQL

ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on User { id displayName }
    ... on Organization { id name }
  }
}
"""


async def test_own_user_and_organisation_resolve(gql: GraphQL, registered: dict[str, Any]) -> None:
    representations = [
        {"__typename": "User", "id": registered["user"]["id"]},
        {"__typename": "Organization", "id": registered["organization"]["id"]},
    ]
    body = await gql(ENTITIES, bearer=registered["accessToken"], representations=representations)
    assert body["data"]["_entities"] == [
        {"id": registered["user"]["id"], "displayName": "Ada Lovelace"},
        {"id": registered["organization"]["id"], "name": "Analytical Engines Ltd"},
    ]


async def test_other_tenants_entities_resolve_to_null(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    other = await register(gql, email="grace@example.com")
    representations = [
        {"__typename": "User", "id": other["user"]["id"]},
        {"__typename": "Organization", "id": other["organization"]["id"]},
        {"__typename": "User", "id": "not-a-uuid"},
    ]
    body = await gql(ENTITIES, bearer=registered["accessToken"], representations=representations)
    assert body["data"]["_entities"] == [None, None, None]


async def test_anonymous_callers_resolve_nothing(gql: GraphQL, registered: dict[str, Any]) -> None:
    representations = [{"__typename": "User", "id": registered["user"]["id"]}]
    body = await gql(ENTITIES, representations=representations)
    assert body["data"]["_entities"] == [None]


async def test_memberships_are_visible_only_to_the_user_themselves(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    me = await gql(
        "{ me { memberships { role organization { name } } } }", bearer=registered["accessToken"]
    )
    assert me["data"]["me"]["memberships"] == [
        {"role": "OWNER", "organization": {"name": "Analytical Engines Ltd"}}
    ]


async def test_me_without_a_token_is_unauthenticated(gql: GraphQL) -> None:
    body = await gql("{ me { id } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None
