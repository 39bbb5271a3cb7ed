"""`devstack smoke`: the seed's smoke-tests.sh for the supergraph; grows with each subgraph.

Runs against a running platform, prints one line per check and "N passed, N failed", and
exits non-zero on any failure. Router checks (routing, CORS, service discovery, request rate
limits) join when the router lands.
"""

from __future__ import annotations

import importlib
import pkgutil
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


async def register_owner(run: SmokeRun, label: str) -> str:
    """A token of a fresh organisation's owner (so reruns never see earlier runs' data)."""
    query = """mutation($input: RegisterInput!) { register(input: $input) {
        __typename ... on AuthPayload { accessToken } ... on RegistrationError { code } } }"""
    registration = {
        "email": f"smoke-{label}-{secrets.token_hex(6)}@example.com",
        "password": "smoke-test-passphrase-9472",
        "displayName": f"Smoke {label}",
        "organizationName": f"Smoke {label} Ltd",
    }
    payload = (await run.graphql(query, input=registration))["data"]["register"]
    expect(payload["__typename"] == "AuthPayload", str(payload)[:300])
    token: str = payload["accessToken"]
    return token


def _load_checks() -> None:
    """Import every `*_checks` module of this package (importing registers its checks), in
    name order, so a new subgraph's checks join by existing."""
    package = importlib.import_module("devstack.smoke")
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        if module.endswith("_checks"):
            importlib.import_module(f"devstack.smoke.{module}")


async def run_smoke(
    router: str,
    services: dict[str, str],
    database_url: str | None,
    output: Callable[[str], None] = print,
) -> int:
    """Run every check; returns the number of failures."""
    _load_checks()

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
