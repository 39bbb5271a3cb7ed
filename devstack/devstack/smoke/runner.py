"""`devstack smoke`: the seed's smoke-tests.sh for the supergraph; grows with each subgraph.

Runs against a running platform, prints one line per check and "N passed, N failed", and
exits non-zero on any failure. Router checks (routing, CORS, service discovery, request rate
limits) join when the router lands.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

Check = Callable[["SmokeRun"], Awaitable[None]]
CHECKS: list[tuple[str, Check]] = []


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS.append((name, function))
        return function

    return register


@dataclass
class SmokeRun:
    http: httpx.AsyncClient
    router: str  # the router's base URL: every GraphQL check goes through it
    services: dict[str, str]  # subgraph name -> base URL (health and metrics only)
    database_url: str | None = None  # a superuser URL, for the schema checks
    # One made-up client address per run, so login throttling from earlier runs never bites.
    client_ip: str = field(default_factory=lambda: f"198.51.100.{secrets.randbelow(254) + 1}")
    state: dict[str, Any] = field(default_factory=dict)

    async def graphql(
        self, query: str, token: str | None = None, **variables: Any
    ) -> dict[str, Any]:
        headers = {"X-Forwarded-For": self.client_ip}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = await self.http.post(
            f"{self.router}/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
        )
        body: dict[str, Any] = response.json()
        body["_status"] = response.status_code
        return body


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


async def run_smoke(
    router: str,
    services: dict[str, str],
    database_url: str | None,
    output: Callable[[str], None] = print,
) -> int:
    """Run every check; returns the number of failures."""
    from devstack.smoke import (  # noqa: F401  (importing registers the checks)
        auth_checks,
        bank_checks,
        categorization_checks,
        database_checks,
        documents_checks,
        financial_checks,
        financial_report_checks,
        gocardless_checks,
        invoice_checks,
        platform_checks,
        router_checks,
        schedules_checks,
    )

    passed = failed = 0
    async with httpx.AsyncClient(timeout=15) as http:
        run = SmokeRun(http=http, router=router, services=services, database_url=database_url)
        for name, function in CHECKS:
            try:
                await function(run)
            except Exception as error:
                failed += 1
                output(f"FAIL  {name}: {error!r}")
            else:
                passed += 1
                output(f"PASS  {name}")
    output("")
    output(f"{passed} passed, {failed} failed")
    return failed
