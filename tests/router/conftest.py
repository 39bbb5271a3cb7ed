"""Fixtures for the end-to-end tests through the router.

Everything a test needs comes in as a fixture (the test modules are not a package). Tokens are
minted with the auth service's real signing key, read from its table, so a vector can differ
from a good token in exactly one respect and no test spends a registration on a token.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key import crypto
from auth_subgraph.signing_key.models import SigningKey
from devstack.factories.auth import register as register_user
from devstack.factories.auth import unique_email
from devstack.stack import Stack
from devstack.testing import free_port
from service_runtime.database import Database


@dataclass
class TokenMint:
    """Signs access tokens exactly as the auth service does, with its current key."""

    kid: str
    key: rsa.RSAPrivateKey
    issuer: str
    audience: str

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        return {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(uuid.uuid4()),
            "sid": str(uuid.uuid4()),  # the login session (revocation keys on it)
            "scope": "org:read",
            "iat": now,
            "exp": now + 600,
            **overrides,
        }

    def token(self, **overrides: Any) -> str:
        return jwt.encode(self.claims(**overrides), self.key, "RS256", headers={"kid": self.kid})


@pytest.fixture(scope="session")
async def token_mint(running_stack: Stack) -> TokenMint:
    env = running_stack.services["auth"].env
    settings = AuthSettings(**{k.removeprefix("AUTH_").lower(): v for k, v in env.items()})
    async with httpx.AsyncClient(timeout=10) as http:
        jwks = (await http.get(f"{running_stack.url('auth')}/.well-known/jwks.json")).json()
    kid = jwks["keys"][0]["kid"]
    database = Database(settings.database_url)
    try:
        async with database.read() as session:
            stored = await session.get(SigningKey, kid)
    finally:
        await database.dispose()
    assert stored is not None
    secret = settings.key_encryption_secret
    fernet = crypto.fernet_for(secret.get_secret_value() if secret else None)
    key = crypto.load_private_key(fernet.decrypt(stored.private_key_encrypted))
    return TokenMint(kid, key, settings.jwt_issuer, settings.jwt_audience)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=15) as client:
        yield client


@pytest.fixture
def router_url(running_stack: Stack) -> str:
    return running_stack.url("router")


class GraphQLPost:
    """POSTs one operation to <base>/graphql and returns the raw response."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self,
        base_url: str,
        query: str | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        **body: Any,
    ) -> httpx.Response:
        sent = {**({"authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
        payload = {**({"query": query} if query is not None else {}), **body}
        return await self.http.post(f"{base_url}/graphql", json=payload, headers=sent)


@pytest.fixture
def post(http: httpx.AsyncClient) -> GraphQLPost:
    return GraphQLPost(http)


def error_codes(response: httpx.Response) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in response.json()["errors"]]


@pytest.fixture
def codes() -> Callable[[httpx.Response], list[str]]:
    """The `extensions.code` of every error in a GraphQL response."""
    return error_codes


async def poll(probe: Callable[[], Awaitable[Any]], within_seconds: float) -> Any:
    async with asyncio.timeout(within_seconds):
        while True:
            if result := await probe():
                return result
            await asyncio.sleep(0.1)


@pytest.fixture
def eventually() -> Callable[[Callable[[], Awaitable[Any]], float], Awaitable[Any]]:
    """`await eventually(probe, seconds)`: the probe's first truthy result, else TimeoutError."""
    return poll


@pytest.fixture(scope="session")
def dedicated_router(
    running_stack: Stack,
) -> Callable[[dict[str, str]], AbstractAsyncContextManager[str]]:
    """Another router for the same stack with extra ROUTER_* settings; yields its base URL."""

    @asynccontextmanager
    async def start(extra_env: dict[str, str]) -> AsyncIterator[str]:
        process = running_stack.router_process(free_port(), extra_env)
        try:
            await running_stack.start_process(process)
            yield process.base_url
        finally:
            await running_stack.stop_process(process)

    return start


class Registration:
    """Registers a fresh account at <base>/graphql; returns the AuthPayload."""

    async def __call__(self, base_url: str) -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=base_url, timeout=15) as api:
            return await register_user(
                api,
                email=unique_email("router"),
                displayName="Router Tester",
                organizationName="Router Tests Ltd",
            )


@pytest.fixture
def register() -> Registration:
    return Registration()


@pytest.fixture
async def registered_user(running_stack: Stack, register: Registration) -> dict[str, Any]:
    """A fresh account, registered at the auth subgraph itself: the router's per-field register
    limit is per router process, shared by the whole session. Function-scoped because the
    tables are truncated after every test."""
    return await register(running_stack.url("auth"))
