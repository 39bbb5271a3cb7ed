"""`devstack run`: the whole platform on embedded defaults (or DATABASE_URL / REDIS_URL).

Services are supervised (restarted when they crash). The first Ctrl-C stops everything
gracefully; a second one kills the services at once. Either way the embedded PostgreSQL and
Redis are stopped before the command returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time

import httpx

from devstack.paths import DATA_DIR
from devstack.services import subgraphs
from devstack.stack import ROUTER_PORT, Stack, StackConfig

DEV_TOKEN_MUTATION = "mutation { devToken { ... on AuthPayload { accessToken } } }"
READY_BANNER = "platform ready"
STALE_START_SECONDS = 3600.0  # a DEVSTACK_STARTED_AT older than this is not this command's


async def fetch_dev_token(router_url: str) -> str | None:
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(
                f"{router_url}/graphql", json={"query": DEV_TOKEN_MUTATION}
            )
        data = response.json().get("data") or {}
    except (httpx.HTTPError, ValueError):
        return None  # the banner goes without a token
    token = (data.get("devToken") or {}).get("accessToken")
    return str(token) if token else None


def command_started_at(now: float) -> float:
    """When `./scripts/run` started (DEVSTACK_STARTED_AT, epoch seconds), so the banner's time
    includes the set-up; `now` when unset or implausible."""
    try:
        started = float(os.environ.get("DEVSTACK_STARTED_AT", ""))
    except ValueError:
        return now
    return started if 0 <= now - started < STALE_START_SECONDS else now


def banner(stack: Stack, total: float, setup: float, token: str | None) -> str:
    settings_demo = ("demo@example.com", "demo-password-2026!")
    router = stack.services["router"].base_url
    timing = f"{total:.1f}s" + (
        f" (set-up {setup:.1f}s, start {total - setup:.1f}s)" if setup >= 0.1 else ""
    )
    lines = ["", f"=== {READY_BANNER} in {timing} ==="]
    lines.append(f"  supergraph  {router}/graphql   (GraphiQL in a browser)")
    lines.append(f"  services    {router}/api/services   health: {router}/health")
    for name, service in stack.services.items():
        if name != "router":
            lines.append(f"  {name:<10}  {service.base_url}/graphql   (internal)")
    for worker in stack.workers.values():
        lines.append(f"  {worker.name:<10}  runs {worker.name.removesuffix('-worker')}'s jobs")
    lines.append(f"  demo login: {settings_demo[0]} / {settings_demo[1]}")
    if token:
        lines.append("  dev token (paste into another shell; the README's examples use $TOKEN):")
        lines.append(f"    export TOKEN={token}")
    lines.append("  Ctrl-C stops everything (a second Ctrl-C kills the services at once).")
    return "\n".join(lines)


def stack_config() -> StackConfig:
    # DEVSTACK_PORT_OFFSET shifts every port, so two checkouts can each run a stack.
    offset = int(os.environ.get("DEVSTACK_PORT_OFFSET", "0"))
    return StackConfig(
        data_dir=DATA_DIR,
        environment=os.environ.get("DEVSTACK_ENVIRONMENT", "development"),
        database_url=os.environ.get("DATABASE_URL") or None,
        redis_url=os.environ.get("REDIS_URL") or None,
        ports={spec.name: spec.port + offset for spec in subgraphs()},
        router_port=ROUTER_PORT + offset,
        supervise=True,
    )


async def run() -> int:
    """Run until Ctrl-C (or SIGTERM); 1 when the platform did not start."""
    now = time.time()
    started = command_started_at(now)
    stack = Stack(stack_config())
    stop = asyncio.Event()

    def on_signal() -> None:
        if stop.is_set():
            print("killing the services...", flush=True)
            stack.kill_all()
        stop.set()

    loop = asyncio.get_running_loop()
    # SIGHUP too: the services run in their own sessions, so a closed terminal reaches only us.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, on_signal)
    try:
        print("starting PostgreSQL, Redis, the subgraphs and the router...", flush=True)
        if not await _start_or_stop(stack, stop):
            return 0
        environment = stack.config.environment
        token = await fetch_dev_token(stack.url("router")) if environment == "development" else None
        print(banner(stack, time.time() - started, now - started, token), flush=True)
        await stop.wait()
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"devstack: the platform did not start: {error}", flush=True)
        return 1
    finally:
        print("stopping...", flush=True)
        await stack.stop()
        print("stopped.", flush=True)


async def _start_or_stop(stack: Stack, stop: asyncio.Event) -> bool:
    """Start the stack; False when Ctrl-C came first (the start is abandoned)."""
    starting = asyncio.create_task(stack.start())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if starting.done():
        starting.result()
        return True
    starting.cancel()
    with contextlib.suppress(asyncio.CancelledError, RuntimeError, TimeoutError):
        await starting
    return False
