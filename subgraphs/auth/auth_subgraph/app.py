"""The auth service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from auth_subgraph.base import outbox
from auth_subgraph.revocation.publisher import publish_revocations
from auth_subgraph.schema import build_schema
from auth_subgraph.seed import seed_demo
from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key.routes import jwks_router, local_jwks_fetcher
from auth_subgraph.signing_key.service import ensure_current_key
from service_runtime.app import ServiceDefinition, ServiceRuntime, create_service_app

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(settings: AuthSettings | None = None) -> FastAPI:
    settings = settings or AuthSettings()

    async def prepare_signing_key(runtime: ServiceRuntime) -> None:
        async with runtime.database.write() as session:
            await ensure_current_key(session, settings)

    async def seed_demo_data(runtime: ServiceRuntime) -> None:
        if settings.seed_demo and settings.is_development:
            await seed_demo(runtime.database, settings)

    return create_service_app(
        ServiceDefinition(
            settings=settings,
            build_schema=lambda metrics: build_schema(
                development=settings.is_development, extensions=[metrics.extension()]
            ),
            migrations_dir=MIGRATIONS_DIR,
            routes=lambda runtime: jwks_router(runtime.database, settings),
            startup_hooks=[prepare_signing_key, seed_demo_data],
            background_tasks=[publish_revocations],
            outbox=outbox,
            jwks_fetcher=lambda database: local_jwks_fetcher(database, settings),
        )
    )
