"""The financial service's ASGI app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter, FastAPI

from financial_subgraph.base import outbox
from financial_subgraph.documents.render.renderer import DocumentRenderer, RenderLimits
from financial_subgraph.gocardless.direct_debit.routes import gocardless_routes
from financial_subgraph.jobs.models import jobs
from financial_subgraph.live.relay import live_status_consumer
from financial_subgraph.schedules.runner import run_periodically
from financial_subgraph.schema import build_schema
from financial_subgraph.settings import FinancialSettings
from financial_subgraph.subscriptions import subscribe_domains
from service_runtime.app import (
    BackgroundTask,
    ServiceDefinition,
    ServiceRuntime,
    create_service_app,
)
from service_runtime.database import Database
from service_runtime.jobs import JobQueue
from service_runtime.jwks import JwksFetcher

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(
    settings: FinancialSettings | None = None,
    *,
    jwks_fetcher: JwksFetcher | None = None,
) -> FastAPI:
    """`jwks_fetcher` replaces fetching `settings.jwks_url` (tests sign with their own key)."""
    settings = settings or FinancialSettings()
    subscribe_domains()

    def fetcher(_database: Database) -> JwksFetcher:
        assert jwks_fetcher is not None
        return jwks_fetcher

    def routes(runtime: ServiceRuntime) -> APIRouter:
        # Non-GraphQL endpoints: provider webhooks (they carry no bearer token).
        router = APIRouter()
        router.include_router(gocardless_routes(runtime.database, settings))
        return router

    async def run_schedules(runtime: ServiceRuntime) -> None:
        await run_periodically(runtime.database, settings.schedules_interval_seconds)

    renderer = DocumentRenderer(RenderLimits.from_settings(settings))

    async def run_render_workers(runtime: ServiceRuntime) -> None:
        # Readied after the service is up (the fork server's WeasyPrint import takes ~1 s and
        # must not delay start-up); stopped with the service.
        try:
            await renderer.start()
            await asyncio.Event().wait()
        finally:
            await renderer.stop()

    async def relay_live_updates(runtime: ServiceRuntime) -> None:
        await live_status_consumer(runtime.database, runtime.redis, settings).run()

    job_queue = JobQueue(jobs, settings.redis_url)  # see jobs/queue.py: job_queue_of

    async def close_job_queue(_runtime: ServiceRuntime) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await job_queue.close()

    background: list[BackgroundTask] = [run_render_workers, relay_live_updates, close_job_queue]
    if settings.schedules_interval_seconds > 0:
        background.append(run_schedules)

    app = create_service_app(
        ServiceDefinition(
            settings=settings,
            build_schema=lambda metrics: build_schema(
                development=settings.is_development, extensions=[metrics.extension()]
            ),
            migrations_dir=MIGRATIONS_DIR,
            outbox=outbox,
            routes=routes,
            background_tasks=background,
            jwks_fetcher=fetcher if jwks_fetcher is not None else None,
        )
    )
    app.state.document_renderer = renderer  # see documents/renderer.py: renderer_of
    app.state.job_queue = job_queue
    return app
