from __future__ import annotations

from financial_subgraph.schema import build_schema


def test_permissions_are_declared_in_the_sdl() -> None:
    sdl = build_schema(development=True).as_str()
    assert '@authenticated @requiresScopes(scopes: [["financial:read"]])' in sdl
    assert (
        "createClient(input: CreateClientInput!): CreateClientResult! @authenticated "
        '@requiresScopes(scopes: [["financial:write"]])'
    ) in sdl


def test_client_is_a_federation_entity() -> None:
    assert 'type Client @key(fields: "id")' in build_schema(development=True).as_str()
