"""Financial subgraph fixtures: the real app in-process (ASGI) over the real test databases.

Tokens are signed with a key made for the test session and published to the app through its
JWKS fetcher, so the app verifies them exactly as it verifies the auth service's tokens.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from devstack.factories.financial import CLIENT_FIELDS, CREATE_CLIENT, client_input, create_client
from devstack.stack import Stack
from devstack.testing import GraphQL
from financial_subgraph.app import create_app
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

__all__ = ["CLIENT_FIELDS", "GraphQL", "TokenFactory", "client_input", "create_client"]

KID = "financial-test-key"
SCOPES = {
    "viewer": "financial:read org:read",
    "member": "financial:read financial:write org:read",
    "admin": "financial:read financial:write financial:admin org:read",
}


def settings_from(stack: Stack, **overrides: Any) -> FinancialSettings:
    env = stack.services["financial"].env
    values = {key.removeprefix("FINANCIAL_").lower(): value for key, value in env.items()}
    return FinancialSettings(**{**values, **overrides})


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def financial_settings(stack: Stack) -> FinancialSettings:
    # The stack fixture has migrated already; the relay is tested in tests/ end to end.
    return settings_from(stack, run_migrations_on_start=False)


@pytest.fixture
async def financial_app(
    financial_settings: FinancialSettings, signing_key: rsa.RSAPrivateKey
) -> AsyncIterator[FastAPI]:
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key(), as_dict=True)

    async def jwks() -> dict[str, Any]:
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    app = create_app(financial_settings, jwks_fetcher=jwks)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
def database(financial_app: FastAPI) -> Database:
    """The app's own database handle, for tests that call services directly."""
    database: Database = financial_app.state.runtime.database
    return database


@pytest.fixture
async def client(financial_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=financial_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://financial") as http:
        yield http


TokenFactory = Callable[..., str]


@pytest.fixture
def token_for(
    signing_key: rsa.RSAPrivateKey, financial_settings: FinancialSettings
) -> TokenFactory:
    """`token_for(org, role="member")`: an access token shaped like the auth service's."""

    def make(organization_id: uuid.UUID | None, role: str = "member") -> str:
        now = int(time.time())
        claims = {
            "iss": financial_settings.jwt_issuer,
            "aud": financial_settings.jwt_audience,
            "sub": str(uuid.uuid4()),
            "sid": str(uuid.uuid4()),  # the login session (revocation keys on it)
            "role": role,
            "scope": SCOPES[role],
            "iat": now,
            "exp": now + 600,
            "jti": str(uuid.uuid4()),
        }
        if organization_id is not None:
            claims["org"] = str(organization_id)
        return jwt.encode(claims, signing_key, algorithm="RS256", headers={"kid": KID})

    return make


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQL:
    return GraphQL(client)


@pytest.fixture
def org_a() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def org_b() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def member(token_for: TokenFactory, org_a: uuid.UUID) -> str:
    return token_for(org_a)


@pytest.fixture
def admin(token_for: TokenFactory, org_a: uuid.UUID) -> str:
    return token_for(org_a, "admin")


@pytest.fixture
def viewer(token_for: TokenFactory, org_a: uuid.UUID) -> str:
    return token_for(org_a, "viewer")


# Clients are made the one way every test makes them (devstack.factories.financial).
CREATE = CREATE_CLIENT

UPDATE = f"""
mutation Update($id: ID!, $input: UpdateClientInput!) {{
  updateClient(id: $id, input: $input) {{
    __typename
    ... on ClientPayload {{ client {{ {CLIENT_FIELDS} }} }}
    ... on ClientError {{ code message field }}
  }}
}}
"""

ARCHIVE = """
mutation Archive($id: ID!) {
  archiveClient(id: $id) {
    __typename
    ... on ClientPayload { client { id archivedAt } }
    ... on ClientError { code message }
  }
}
"""

RESTORE = """
mutation Restore($id: ID!) {
  restoreClient(id: $id) {
    __typename
    ... on ClientPayload { client { id archivedAt } }
    ... on ClientError { code message }
  }
}
"""

LIST = """
query List($search: String, $includeArchived: Boolean! = false, $first: Int! = 20,
           $after: String) {
  clients(search: $search, includeArchived: $includeArchived, first: $first, after: $after) {
    edges { cursor node { id name email archivedAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

GET = f"query Get($id: ID!) {{ client(id: $id) {{ {CLIENT_FIELDS} }} }}"

ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Client { id name } }
}
"""
