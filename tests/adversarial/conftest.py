"""The adversarial suite: hostile and careless input sent through the router, as an attacker
or a broken client would. Every subgraph joins it: the generic tests read the operations to
attack from the committed supergraph.graphql, so a new subgraph's inputs are covered without
edits here; domain-specific cases live in their own test files.

What every test asserts: a typed error (an `extensions.code`, never "Unexpected error."), no
crash (the router and every subgraph still answer afterwards), nothing written.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from devstack.database import SERVICE_SCHEMAS, _asyncpg_dsn
from devstack.stack import Stack
from devstack.testing import register_owner

MASKED = "Unexpected error."


@pytest.fixture
async def router(running_stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the router, as any outside caller would be."""
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as client:
        yield client


@pytest.fixture
async def owner_token(router: httpx.AsyncClient) -> str:
    """An owner (every scope) of a fresh organisation."""
    return await register_owner(router, "adversary")


class RowCounter:
    """Rows per service table (outboxes included), to prove a refused request wrote nothing.

    One superuser connection, kept for the test, and one query (row-level security does not
    apply to it): the fuzz suite counts after every request, so this has to be cheap.

    The audit log (`monitoring`) is left out: it records refused mutations too, by design
    (tests/test_audit_log_e2e.py checks what it records). So are the `inbox_events` tables:
    consumers (e.g. financial's live relay) write them in the background while they work
    through earlier requests' events; a refused request that emitted an event would still show
    in the `outbox_events` counted here."""

    def __init__(self, prepared: Stack) -> None:
        self.prepared = prepared
        self.connection: asyncpg.Connection | None = None
        self.query = ""

    async def __call__(self) -> dict[str, int]:
        if self.connection is None:
            dsn, extra = _asyncpg_dsn(self.prepared.admin_url)
            self.connection = await asyncpg.connect(dsn, **extra)
            tables = await self.connection.fetch(
                "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1::text[])"
                " AND tablename NOT IN ('alembic_version', 'inbox_events') ORDER BY 1, 2",
                [schema for schema in SERVICE_SCHEMAS if schema != "monitoring"],
            )
            names = [f'"{row["schemaname"]}"."{row["tablename"]}"' for row in tables]
            self.query = " UNION ALL ".join(
                f"SELECT '{name}', count(*) FROM {name}" for name in names
            )
        rows = await self.connection.fetch(self.query) if self.query else []
        return {row[0]: row[1] for row in rows}

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()


@pytest.fixture
async def snapshot(running_stack: Stack) -> AsyncIterator[RowCounter]:
    """`before = await snapshot()` ... `assert await snapshot() == before`."""
    counter = RowCounter(running_stack)
    yield counter
    await counter.close()


def _assert_typed(body: dict[str, Any]) -> None:
    for error in body.get("errors", []):
        assert error.get("message") != MASKED, error
        assert (error.get("extensions") or {}).get("code"), error


@pytest.fixture
def assert_typed() -> Any:
    """`assert_typed(body)`: every error carries a code and none is the masked catch-all."""
    return _assert_typed
