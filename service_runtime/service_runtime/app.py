"""The FastAPI application every subgraph is built from."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis.asyncio as redis
import strawberry
from fastapi import APIRouter, FastAPI
from sqlalchemy import Table
from starlette.requests import HTTPConnection

from service_runtime.body_limit import BodyLimitMiddleware
from service_runtime.context import RequestContext
from service_runtime.database import Database
from service_runtime.events import OutboxRelay
from service_runtime.health import health_router
from service_runtime.jwks import JwksFetcher, JwksKeyStore, http_jwks_fetcher
from service_runtime.live import LiveAccess, LiveBroker, LiveGraphQLRouter
from service_runtime.logging import configure_logging, get_logger
from service_runtime.metrics import ServiceMetrics
from service_runtime.middleware import BearerAuthMiddleware, RequestContextMiddleware
from service_runtime.redis_breaker import guarded_redis
from service_runtime.revocation import RevocationCheck
from service_runtime.settings import ServiceSettings
from service_runtime.tokens import TokenVerifier
from service_runtime.tracing import configure_tracing

log = get_logger(__name__)


@dataclass
class ServiceRuntime:
    """Process-wide resources of one service (never per-request state)."""

    settings: ServiceSettings
    database: Database
    redis: redis.Redis
    verifier: TokenVerifier
    metrics: ServiceMetrics
    live: LiveAccess
    started_at: float = field(default_factory=time.monotonic)

    async def redis_ping(self) -> bool:
        return bool(await self.redis.ping())


BackgroundTask = Callable[[ServiceRuntime], Awaitable[None]]
SchemaFactory = Callable[[ServiceMetrics], strawberry.Schema]


@dataclass
class ServiceDefinition:
    settings: ServiceSettings
    build_schema: SchemaFactory
    migrations_dir: Path | None = None
    routes: Callable[[ServiceRuntime], APIRouter] | None = None
    # Awaited in order before the service accepts requests (after migrations).
    startup_hooks: list[BackgroundTask] = field(default_factory=list)
    # Run for the life of the process (event relays, consumers).
    background_tasks: list[BackgroundTask] = field(default_factory=list)
    # The service's outbox table: its relay runs in the background (if events_relay_enabled).
    outbox: Table | None = None
    # The auth service reads its own keys instead of calling its own JWKS endpoint.
    jwks_fetcher: Callable[[Database], JwksFetcher] | None = None


def _redis_client(url: str) -> redis.Redis:
    # Fail fast when Redis is down or hanging: callers degrade (throttles fail open, health
    # says degraded) instead of waiting through timeouts and retries on every command.
    return guarded_redis(url)


def _runtime(definition: ServiceDefinition) -> ServiceRuntime:
    settings = definition.settings
    database = Database(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )
    fetcher = (
        definition.jwks_fetcher(database)
        if definition.jwks_fetcher is not None
        else http_jwks_fetcher(settings.jwks_url)
    )
    keys = JwksKeyStore(
        fetcher,
        cache_seconds=settings.jwks_cache_seconds,
        min_refresh_seconds=settings.jwks_min_refresh_seconds,
    )
    verifier = TokenVerifier(
        keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithms,
    )
    redis_client = _redis_client(settings.redis_url)
    live = LiveAccess(
        verifier,
        RevocationCheck(redis_client),
        LiveBroker(settings.redis_url, queue_size=settings.live_queue_size),
        recheck_seconds=settings.live_recheck_seconds,
    )
    return ServiceRuntime(
        settings=settings,
        database=database,
        redis=redis_client,
        verifier=verifier,
        metrics=ServiceMetrics(),
        live=live,
    )


def _relay(definition: ServiceDefinition) -> list[BackgroundTask]:
    settings, outbox = definition.settings, definition.outbox
    if outbox is None or not settings.events_relay_enabled:
        return []

    async def relay_events(runtime: ServiceRuntime) -> None:
        relay = OutboxRelay(
            runtime.database,
            runtime.redis,
            outbox,
            poll_interval=settings.events_poll_interval_seconds,
        )
        await relay.run()

    return [relay_events]


def create_service_app(definition: ServiceDefinition) -> FastAPI:
    settings = definition.settings
    configure_logging(settings.service_name, settings.log_level)
    tracing = configure_tracing(settings.service_name, settings.version)
    runtime = _runtime(definition)
    if tracing is not None:
        tracing.instrument_engine(runtime.database.engine)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.run_migrations_on_start and definition.migrations_dir is not None:
            from service_runtime.migrations import upgrade_to_head  # alembic only when needed

            await upgrade_to_head(definition.migrations_dir, settings.database_url)
        for hook in definition.startup_hooks:
            await hook(runtime)
        background = [*definition.background_tasks, *_relay(definition)]
        tasks = [asyncio.ensure_future(task(runtime)) for task in background]
        log.info("service_started", version=settings.version, port=settings.port)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await runtime.live.broker.close()
            await runtime.redis.aclose()
            await runtime.database.dispose()
            if tracing is not None:
                tracing.flush()
            log.info("service_stopped")

    async def context_getter(request: HTTPConnection) -> RequestContext[Any]:
        # A WebSocket passes no HTTP middleware: its principal is set at connection_init
        # (service_runtime.live), its request id is the upgrade's.
        request_id = getattr(request.state, "request_id", None)
        return RequestContext(
            request_id=request_id or request.headers.get("x-request-id", str(uuid.uuid4()))[:128],
            principal=getattr(request.state, "principal", None),
            database=runtime.database,
            redis=runtime.redis,
            settings=settings,
            client_ip=client_ip(request),
        )

    app = FastAPI(title=settings.service_name, version=settings.version, lifespan=lifespan)
    app.state.runtime = runtime
    graphql = LiveGraphQLRouter(
        definition.build_schema(runtime.metrics),
        context_getter=context_getter,
        graphql_ide="graphiql" if settings.is_development else None,
        access=runtime.live,
        max_subscriptions_per_connection=settings.live_max_subscriptions_per_connection,
    )
    app.include_router(graphql, prefix="/graphql")
    probes = {"database": runtime.database.ping, "redis": runtime.redis_ping}
    app.include_router(
        health_router(settings.service_name, settings.version, runtime.started_at, probes)
    )
    app.include_router(runtime.metrics.router())
    if definition.routes is not None:
        app.include_router(definition.routes(runtime))
    app.add_middleware(
        BearerAuthMiddleware,
        verifier=runtime.verifier,
        revocations=runtime.live.revocations,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    if tracing is not None:
        tracing.add_middleware(app)
    app.add_middleware(RequestContextMiddleware, metrics=runtime.metrics)
    return app


def client_ip(request: HTTPConnection) -> str | None:
    """The caller's address.

    Subgraphs are reachable only through the router, which appends the address it saw to
    X-Forwarded-For; the right-most entry is that one (entries to its left are client-supplied
    and could be forged to dodge per-IP throttling).
    """
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.client.host if request.client else None
