"""`devstack run`: the whole platform on embedded defaults (or DATABASE_URL / REDIS_URL)."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import httpx

from devstack.paths import DATA_DIR
from devstack.stack import Stack, StackConfig

DEV_TOKEN_MUTATION = "mutation { devToken { ... on AuthPayload { accessToken } } }"
READY_BANNER = "platform ready"


async def fetch_dev_token(router_url: str) -> str | None:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(f"{router_url}/graphql", json={"query": DEV_TOKEN_MUTATION})
    data = response.json().get("data") or {}
    token = (data.get("devToken") or {}).get("accessToken")
    return str(token) if token else None


def _banner(stack: Stack, elapsed: float, token: str | None) -> str:
    settings_demo = ("demo@example.com", "demo-password-2026!")
    router = stack.services["router"].base_url
    lines = ["", f"=== {READY_BANNER} in {elapsed:.1f}s ==="]
    lines.append(f"  supergraph  {router}/graphql   (GraphiQL in a browser)")
    lines.append(f"  services    {router}/api/services   health: {router}/health")
    for name, service in stack.services.items():
        if name != "router":
            lines.append(f"  {name:<10}  {service.base_url}/graphql   (internal)")
    lines.append(f"  demo login: {settings_demo[0]} / {settings_demo[1]}")
    if token:
        lines.append(f"  dev token:  {token}")
    lines.append("  Ctrl-C stops everything.")
    return "\n".join(lines)


async def run() -> None:
    started = time.monotonic()
    config = StackConfig(
        data_dir=DATA_DIR,
        environment=os.environ.get("DEVSTACK_ENVIRONMENT", "development"),
        database_url=os.environ.get("DATABASE_URL") or None,
        redis_url=os.environ.get("REDIS_URL") or None,
    )
    stack = Stack(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stack.start()
        token = (
            await fetch_dev_token(stack.url("router"))
            if config.environment == "development"
            else None
        )
        print(_banner(stack, time.monotonic() - started, token), flush=True)
        await stop.wait()
        print("stopping...", flush=True)
    finally:
        await stack.stop()
    print("stopped.", flush=True)
