"""GET /health in the seed's format; the HTTP status follows the reported status."""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse


class HealthStatus(enum.StrEnum):
    HEALTHY = "healthy"  # every dependency answers
    DEGRADED = "degraded"  # the database answers, Redis does not: requests still work
    UNHEALTHY = "unhealthy"  # the database is unreachable: nothing works


HTTP_STATUS = {HealthStatus.HEALTHY: 200, HealthStatus.DEGRADED: 200, HealthStatus.UNHEALTHY: 503}

Probe = Callable[[], Awaitable[bool]]


async def _answer(probe: Probe, limit_seconds: float) -> str:
    try:
        ok = await asyncio.wait_for(probe(), limit_seconds)
    except Exception:
        ok = False
    return "connected" if ok else "disconnected"


def health_report(
    service: str, version: str, started_at: float, dependencies: dict[str, str]
) -> dict[str, Any]:
    if dependencies.get("database") != "connected":
        status = HealthStatus.UNHEALTHY
    elif any(state != "connected" for state in dependencies.values()):
        status = HealthStatus.DEGRADED
    else:
        status = HealthStatus.HEALTHY
    return {
        "status": status.value,
        "service": service,
        "version": version,
        "uptime": int(time.monotonic() - started_at),
        "dependencies": dependencies,
    }


def health_router(
    service: str,
    version: str,
    started_at: float,
    probes: Mapping[str, Probe],
    timeout: float = 2.0,
) -> APIRouter:
    router = APIRouter()

    @router.get("/health")
    async def health() -> JSONResponse:
        names = list(probes)
        answers = await asyncio.gather(*(_answer(probes[name], timeout) for name in names))
        report = health_report(service, version, started_at, dict(zip(names, answers, strict=True)))
        return JSONResponse(report, status_code=HTTP_STATUS[HealthStatus(report["status"])])

    return router
