"""Bootstrap the shared database: schemas, one login role per service, pgvector.

Runs db/bootstrap.sql as a superuser, then gives each service role its password and derives
the URL each service connects with (its own role, so it can touch only its own schema).
"""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from devstack.paths import BOOTSTRAP_SQL


def _bootstrapped_schemas() -> tuple[str, ...]:
    """The services db/bootstrap.sql provisions: the one list (`devstack new-subgraph` adds)."""
    listed = re.search(r"FOREACH service IN ARRAY ARRAY\[(.*?)\]", BOOTSTRAP_SQL.read_text())
    assert listed, "db/bootstrap.sql no longer lists its services as ARRAY['...', ...]"
    return tuple(re.findall(r"'(\w+)'", listed[1]))


SERVICE_SCHEMAS = _bootstrapped_schemas()


def role_for(schema: str) -> str:
    return f"{schema}_svc"


def _asyncpg_dsn(url: str) -> tuple[str, dict[str, str]]:
    parsed = make_url(url)
    query = {key: str(value) for key, value in parsed.query.items()}
    host = query.pop("host", None)
    dsn = parsed.set(drivername="postgresql", query=query).render_as_string(hide_password=False)
    return dsn, ({"host": host} if host else {})


def role_passwords(path: Path) -> dict[str, str]:
    """Development role passwords: made once per data directory and kept there."""
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        if set(stored) >= set(SERVICE_SCHEMAS):
            return stored
    passwords = {schema: secrets.token_urlsafe(24) for schema in SERVICE_SCHEMAS}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(passwords))
    path.chmod(0o600)
    return passwords


async def bootstrap(admin_url: str, passwords: dict[str, str]) -> dict[str, str]:
    """Apply db/bootstrap.sql and the role passwords; returns each service's database URL."""
    dsn, extra = _asyncpg_dsn(admin_url)
    connection = await asyncpg.connect(dsn, **extra)
    try:
        # Serialise concurrent bootstraps (CREATE ROLE/EXTENSION are not race-safe).
        await connection.execute("SELECT pg_advisory_lock(hashtext('devstack.bootstrap'))")
        await connection.execute(BOOTSTRAP_SQL.read_text())
        for schema in SERVICE_SCHEMAS:
            password = passwords[schema].replace("'", "''")
            await connection.execute(f"ALTER ROLE {role_for(schema)} PASSWORD '{password}'")
    finally:
        await connection.close()
    return {schema: service_url(admin_url, schema, passwords[schema]) for schema in SERVICE_SCHEMAS}


def service_url(admin_url: str, schema: str, password: str) -> str:
    parsed = make_url(admin_url).set(
        drivername="postgresql+asyncpg", username=role_for(schema), password=password
    )
    return parsed.render_as_string(hide_password=False)
