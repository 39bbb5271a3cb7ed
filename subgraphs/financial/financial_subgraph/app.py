"""The financial service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from financial_subgraph.base import outbox
from financial_subgraph.dataloaders import make_loaders
from financial_subgraph.schema import build_schema
from financial_subgraph.settings import FinancialSettings
from service_runtime.app import ServiceDefinition, create_service_app
from service_runtime.database import Database
from service_runtime.jwks import JwksFetcher

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(
    settings: FinancialSettings | None = None,
    *,
    jwks_fetcher: JwksFetcher | None = None,
) -> FastAPI:
    """`jwks_fetcher` replaces fetching `settings.jwks_url` (tests sign with their own key)."""
    settings = settings or FinancialSettings()

    def fetcher(_database: Database) -> JwksFetcher:
        assert jwks_fetcher is not None
        return jwks_fetcher

    return create_service_app(
        ServiceDefinition(
            settings=settings,
            build_schema=lambda metrics: build_schema(
                development=settings.is_development, extensions=[metrics.extension()]
            ),
            make_loaders=make_loaders,
            migrations_dir=MIGRATIONS_DIR,
            outbox=outbox,
            jwks_fetcher=fetcher if jwks_fetcher is not None else None,
        )
    )
