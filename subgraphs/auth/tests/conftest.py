"""Auth subgraph fixtures: the real app in-process (ASGI) over the real test databases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from auth_subgraph.app import create_app
from auth_subgraph.settings import AuthSettings
from devstack.factories import auth as factories
from devstack.factories.auth import PASSWORD, REGISTER
from devstack.stack import Stack
from devstack.testing import GraphQL

__all__ = ["REGISTER", "GraphQL"]


def settings_from(stack: Stack, **overrides: Any) -> AuthSettings:
    env = stack.services["auth"].env
    values = {key.removeprefix("AUTH_").lower(): value for key, value in env.items()}
    return AuthSettings(**{**values, **overrides})


@pytest.fixture
def auth_settings(stack: Stack) -> AuthSettings:
    # A low per-IP limit keeps the throttling tests fast (each failure costs an argon2 hash).
    # The stack fixture has migrated already.
    return settings_from(stack, login_max_failures_per_ip=8, run_migrations_on_start=False)


@pytest.fixture
async def auth_app(auth_settings: AuthSettings) -> AsyncIterator[FastAPI]:
    app = create_app(auth_settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(auth_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=auth_app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://auth") as http:
        yield http


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQL:
    return GraphQL(client)


LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on AuthPayload { accessToken refreshToken user { id } }
    ... on LoginError { code message retryAfterSeconds }
  }
}
"""

REFRESH = """
mutation Refresh($token: String!) {
  refresh(refreshToken: $token) {
    __typename
    ... on AuthPayload { accessToken refreshToken }
    ... on RefreshError { code message }
  }
}
"""

# Users are registered as every test registers them (devstack.factories.auth).
STRONG_PASSWORD = PASSWORD


def registration(email: str = "ada@example.com", **overrides: str) -> dict[str, str]:
    return factories.registration(email, **overrides)


@pytest.fixture
async def registered(gql: GraphQL) -> dict[str, Any]:
    return await factories.register(gql, email="ada@example.com")
