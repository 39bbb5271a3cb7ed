"""Row-level security covers the GoCardless tables (defence in depth behind every query's
organisation filter); only the id routing index is readable without a tenant."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from devstack.database import _asyncpg_dsn

TENANT_TABLES = ("gocardless_mandate_links", "gocardless_payments", "gocardless_events")


async def test_gocardless_rows_are_invisible_without_their_organisation(
    world: Any, admin: str, org_a: uuid.UUID, financial_settings: Any
) -> None:
    client_id = await world.client(org_a)
    await world.active_mandate(admin, client_id)
    invoice_id = await world.invoice(org_a, client_id)
    await world.collect(admin, invoice_id)
    dsn, extra = _asyncpg_dsn(financial_settings.database_url)
    connection = await asyncpg.connect(dsn, **extra)
    try:
        for table in TENANT_TABLES:
            assert await connection.fetchval(f"SELECT count(*) FROM financial.{table}") == 0
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(org_a)
            )
            for table in TENANT_TABLES:
                assert await connection.fetchval(f"SELECT count(*) FROM financial.{table}") > 0
        owners = "SELECT count(*) FROM financial.gocardless_resource_owners"
        assert await connection.fetchval(owners) >= 3  # billing request, customer, mandate...
    finally:
        await connection.close()
