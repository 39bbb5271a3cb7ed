from __future__ import annotations

import time

import pytest

from service_runtime.health import HTTP_STATUS, HealthStatus, health_report


@pytest.mark.parametrize(
    ("database", "redis", "status"),
    [
        ("connected", "connected", "healthy"),
        ("connected", "disconnected", "degraded"),
        ("disconnected", "connected", "unhealthy"),
        ("disconnected", "disconnected", "unhealthy"),
    ],
)
def test_status_follows_dependencies(database: str, redis: str, status: str) -> None:
    report = health_report(
        "x-svc", "1.2.3", time.monotonic() - 5, {"database": database, "redis": redis}
    )
    assert report["status"] == status


def test_report_has_exactly_the_seed_format() -> None:
    deps = {"database": "connected", "redis": "connected"}
    report = health_report("financial-svc", "1.0.0", time.monotonic() - 3600, deps)
    assert report == {
        "status": "healthy",
        "service": "financial-svc",
        "version": "1.0.0",
        "uptime": 3600,
        "dependencies": deps,
    }


def test_http_status_follows_health() -> None:
    assert HTTP_STATUS[HealthStatus.HEALTHY] == 200
    assert HTTP_STATUS[HealthStatus.DEGRADED] == 200
    assert HTTP_STATUS[HealthStatus.UNHEALTHY] == 503
