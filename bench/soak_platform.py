"""The soaked platform: auth, financial and the router on free ports over embedded
PostgreSQL and Redis, the accounts the load acts as, and one run of the load generator."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import sys
import tempfile
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from common import graphql

from devstack.services import subgraphs
from devstack.stack import Stack, StackConfig
from devstack.testing import free_port

LOAD_SCRIPT = Path(__file__).with_name("soak_load.py")
# The router's per-client budget (1000 requests per 15 min per user) would turn most of a
# soak's requests into 429s; these are raised so the soak measures the platform, not the
# limiter. Registration is limited per address (router and auth), and all soak users
# register from 127.0.0.1.
ROUTER_ENV = {
    "ROUTER_RATE_LIMIT_MAX": "100000000",
    "ROUTER_REGISTER_LIMIT_PER_HOUR": "100000",
    "ROUTER_LOGIN_LIMIT_PER_15_MINUTES": "100000",
}
SERVICE_ENV = {"auth": {"AUTH_REGISTER_MAX_PER_IP": "100000"}}  # auth's own per-address limit
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  ... on AuthPayload { accessToken refreshToken expiresIn }
  ... on RegistrationError { code } } }"""
CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  ... on ClientPayload { client { id } } ... on ClientError { code } } }"""
LOG_TAIL = 30


@dataclass
class LoadRun:
    """One run of the load generator: its records and acknowledged ids (soak_load.py), the
    wall-clock span, the faults injected meanwhile and figures about connections and CPU."""

    records: list[tuple[str, float, float, str]]
    acked: dict[str, list[str]]
    started: float
    finished: float
    faults: list[Any] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


class Platform:
    def __init__(self, stack: Stack, data_dir: Path) -> None:
        self.stack = stack
        self.data_dir = data_dir
        self.logs: dict[str, deque[str]] = {}

    def keep_log(self, service: str, line: str) -> None:
        self.logs.setdefault(service, deque(maxlen=LOG_TAIL)).append(line)

    def print_log_tails(self) -> None:
        for service, lines in self.logs.items():
            print(f"\n-- last {len(lines)} log lines of {service}")
            for line in lines:
                print(f"   {line[:300]}")

    @property
    def router_url(self) -> str:
        return self.stack.url("router")

    async def register_users(self, http: httpx.AsyncClient, count: int) -> list[dict[str, Any]]:
        """`count` owners of their own organisation, each with one client (for invoices)."""
        limit = asyncio.Semaphore(4)  # argon2 is CPU-bound: more at once only queue

        async def one(index: int) -> dict[str, Any]:
            async with limit:
                variables = {"input": {
                    "email": f"soak-{index}-{secrets.token_hex(4)}@example.com",
                    "password": f"soak-{secrets.token_urlsafe(16)}",
                    "displayName": f"Soak User {index}",
                    "organizationName": f"Soak Company {index}",
                }}  # fmt: skip
                data = await graphql(http, self.router_url, REGISTER, variables)
                tokens = data["register"]
                if "accessToken" not in tokens:
                    raise RuntimeError(f"registration failed: {tokens}")
                headers = {"Authorization": f"Bearer {tokens['accessToken']}"}
                client = {"input": {"name": f"Soak Client {index}", "defaultCurrency": "EUR"}}
                created = await graphql(http, self.router_url, CREATE_CLIENT, client, headers)
                return {
                    "access_token": tokens["accessToken"],
                    "refresh_token": tokens["refreshToken"],
                    "expires_at": time.time() + tokens["expiresIn"],
                    "client_id": created["createClient"]["client"]["id"],
                }

        return list(await asyncio.gather(*(one(i) for i in range(count))))

    async def load(
        self,
        users: list[dict[str, Any]],
        clients: int,
        think: float,
        ramp: float,
        duration: float | None,
        during: Callable[[], Awaitable[list[Any]]] | None = None,
    ) -> LoadRun:
        """Run the load generator for ramp + `duration` s, or while `during()` runs."""
        plan = {"router_url": self.router_url, "users": users, "clients": clients,
                "think": think, "ramp": ramp, "duration": ramp + (duration or 10**6)}  # fmt: skip
        plan_path, output = self.data_dir / "plan.json", self.data_dir / "result.json"
        plan_path.write_text(json.dumps(plan))
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(LOAD_SCRIPT), "--plan", str(plan_path), "--output", str(output),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert process.stdin is not None
        assert process.stdout is not None
        line = (await process.stdout.readline()).decode()
        if not line.startswith("started "):
            raise RuntimeError(f"load generator failed to start: {line!r}")
        started = float(line.split()[1])
        peak = [0]
        sampler = asyncio.create_task(self._sample_connections(peak))
        faults = []
        if during is not None:
            faults = await during()
            process.stdin.close()  # the load generator stops when its stdin closes
        await process.wait()
        finished = time.time()
        sampler.cancel()
        if process.returncode != 0:
            raise RuntimeError(f"load generator exited with {process.returncode}")
        result = json.loads(output.read_text())
        records = [tuple(r) for r in result["records"]]
        extras = {
            "users": clients,
            "router_connections_peak": peak[0],
            "connections_opened": result["connections_opened"],
            "server_closed_idle": result["server_closed_idle"],
            "client_closed_idle": result["client_closed_idle"],
            "token_refreshes": result["token_refreshes"],
            "loadgen_cpu_ms_per_request": 1000 * result["cpu_seconds"] / max(len(records), 1),
        }
        return LoadRun(records, result["acked"], started, finished, faults, extras)  # type: ignore[arg-type]

    async def _sample_connections(self, peak: list[int]) -> None:
        """Peak of established TCP connections to the router's port, sampled every second."""
        port = self.stack.services["router"].port
        while True:
            # In a thread: with thousands of sockets the table takes a while to read, and this
            # event loop also drains the services' log pipes (a full pipe blocks a service).
            peak[0] = max(peak[0], await asyncio.to_thread(established_to, port))
            await asyncio.sleep(1)


def established_to(port: int) -> int:
    """TCP connections in state ESTABLISHED whose local port is `port`, from /proc (Linux);
    psutil.net_connections also maps every socket to its process, which costs seconds."""
    local = f":{port:04X}"
    count = 0
    with open("/proc/net/tcp") as table:
        next(table)  # header
        for line in table:
            fields = line.split(None, 4)
            count += fields[1].endswith(local) and fields[3] == "01"
    return count


@contextlib.asynccontextmanager
async def soak_platform() -> AsyncIterator[Platform]:
    with tempfile.TemporaryDirectory(prefix="soak-", ignore_cleanup_errors=True) as data_dir:
        platform: Platform
        config = StackConfig(
            data_dir=Path(data_dir),
            ports={spec.name: free_port() for spec in subgraphs()},
            router_port=free_port(),
            router_env=ROUTER_ENV,
            service_env=SERVICE_ENV,
            seed=False,
            log_sink=lambda service, line: platform.keep_log(service, line),
        )
        stack = Stack(config)
        platform = Platform(stack, Path(data_dir))
        try:
            await stack.prepare()
            await asyncio.gather(*(stack.start_service(s.name) for s in subgraphs()))
            await stack.start_service("router")
            yield platform
        finally:
            await stack.stop()
