"""Pytest fixtures shared by every test suite (registered in the root conftest.py).

A real PostgreSQL and Redis: from TEST_DATABASE_URL / TEST_REDIS_URL when set (a superuser
URL; the suite creates and drops its own database there), otherwise embedded servers started
in a temporary directory. Every service schema is built by its migrations, exactly as in
production. Between tests every service table is truncated and Redis is flushed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis.asyncio as redis
from sqlalchemy.engine import make_url

from devstack.database import SERVICE_SCHEMAS, _asyncpg_dsn
from devstack.embedded import EmbeddedServers, start_postgres, start_redis
from devstack.factories.api import router_graphql as router_graphql  # e2e tests import these
from devstack.factories.auth import join_as as join_as
from devstack.factories.auth import register_owner as register_owner
from devstack.stack import Stack, StackConfig


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class GraphQL:
    """Posts GraphQL documents to an app's /graphql; returns the decoded body and status."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self, query: str, bearer: str | None = None, **variables: Any
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        body["_status"] = response.status_code
        return body


class LogCapture:
    """Collects service log lines so a failing end-to-end test can show them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, service: str, line: str) -> None:
        self.lines.append(f"{service} | {line}")


async def _create_database(admin_url: str) -> str:
    name = f"finance_test_{uuid.uuid4().hex[:8]}"
    dsn, extra = _asyncpg_dsn(admin_url)
    connection = await asyncpg.connect(dsn, **extra)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
async def test_servers() -> AsyncIterator[dict[str, str]]:
    embedded = EmbeddedServers()
    # Not under pytest's base temporary directory: as root, PostgreSQL runs as another user,
    # and each pytest run on the machine resets that directory to 0700, locking it out.
    root = Path(tempfile.mkdtemp(prefix="devstack-test-servers-"))
    try:
        admin_url = os.environ.get("TEST_DATABASE_URL") or start_postgres(root / "pg", embedded)
        redis_url = os.environ.get("TEST_REDIS_URL") or start_redis(root / "redis", embedded)
        database_url = await _create_database(admin_url)
        yield {"database": database_url, "redis": redis_url}
    finally:
        embedded.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
async def stack(
    test_servers: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    """Databases bootstrapped and migrated; services configured on free ports, not started."""
    from devstack.services import subgraphs

    config = StackConfig(
        data_dir=Path(tmp_path_factory.mktemp("stack")),
        environment="development",
        database_url=test_servers["database"],
        redis_url=test_servers["redis"],
        ports={spec.name: free_port() for spec in subgraphs()},
        router_port=free_port(),
        # The whole session's anonymous requests come from 127.0.0.1: the default budget
        # (1000 per 15 min) would throttle the suite itself. Limit tests start their own router.
        # Likewise the per-client limits on register and login, at the router and in auth:
        # the end-to-end suites register an organisation (and members) per test.
        router_env={
            "ROUTER_RATE_LIMIT_MAX": "1000000",
            "ROUTER_REGISTER_LIMIT_PER_HOUR": "100000",
            "ROUTER_LOGIN_LIMIT_PER_15_MINUTES": "100000",
        },
        service_env={"auth": {"AUTH_REGISTER_MAX_PER_IP": "100000"}},
        seed=False,
        log_sink=LogCapture(),
    )
    prepared = Stack(config)
    await prepared.prepare()
    await prepared.migrate()
    yield prepared
    await prepared.stop()


@pytest.fixture(scope="session")
async def running_stack(stack: Stack) -> Stack:
    """Every subgraph (and its job worker) running as a real process (end-to-end tests)."""
    for name in stack.services:
        if name != "router":
            await stack.start_service(name)
    for worker in stack.workers.values():
        await stack.start_process(worker)
    await stack.start_service("router")
    return stack


@pytest.fixture(autouse=True)
async def _clean_state(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "stack" not in request.fixturenames:
        return
    prepared: Stack = request.getfixturevalue("stack")
    await truncate_service_tables(prepared)
    client = redis.from_url(prepared.redis_url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


async def truncate_service_tables(prepared: Stack) -> None:
    for schema in SERVICE_SCHEMAS:
        url = prepared.database_urls[schema]
        dsn, extra = _asyncpg_dsn(url)
        connection = await asyncpg.connect(dsn, **extra)
        try:
            tables = await connection.fetch(
                # Signing keys are infrastructure, not test data (a running auth caches them).
                "SELECT tablename FROM pg_tables WHERE schemaname = $1"
                " AND tablename NOT IN ('alembic_version', 'signing_keys')",
                schema,
            )
            if tables:
                # A connection left holding locks would otherwise hang the suite here.
                await connection.execute("SET lock_timeout = '20s'")
                names = ", ".join(f'"{schema}"."{row["tablename"]}"' for row in tables)
                await _truncate(connection, names)
        finally:
            await connection.close()


async def _truncate(connection: asyncpg.Connection, names: str, attempts: int = 5) -> None:
    # A running service's transaction (an event consumer writing its inbox and its effects)
    # can lock the same tables in another order: Postgres then picks one side as the deadlock
    # victim. When that is us, the service has finished by the time we try again.
    for attempt in range(attempts):
        try:
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            return
        except asyncpg.exceptions.DeadlockDetectedError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.1 * (attempt + 1))
