"""Shared pieces of the benchmarks: a stack on free ports, the auth API calls they need, a
closed-loop load driver, round alternation, statistics and a plain-text result table.

Not a benchmark itself; run the scripts next to it (see README.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import statistics
import tempfile
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

# pgserver warns on import when XDG_RUNTIME_DIR is unset (it falls back to /tmp): harmless.
warnings.filterwarnings("ignore", "XDG_RUNTIME_DIR is not set")

from devstack.services import subgraphs  # noqa: E402
from devstack.stack import Stack, StackConfig  # noqa: E402
from devstack.testing import free_port  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")

REGISTER = """
mutation($input: RegisterInput!) {
  register(input: $input) {
    ... on AuthPayload { accessToken }
    ... on RegistrationError { code }
  }
}"""


def drop_log_line(_service: str, _line: str) -> None:
    """Services log a JSON line per request; a benchmark has no use for them."""


# -- the platform -----------------------------------------------------------------------------
@contextlib.asynccontextmanager
async def running_services(
    *names: str, router_env: dict[str, str] | None = None
) -> AsyncIterator[Stack]:
    """The named services (subgraphs, and "router" after them) as real processes on free
    ports, over embedded PostgreSQL and Redis in a temporary directory (removed afterwards).
    `router_env` adds ROUTER_* settings."""
    with tempfile.TemporaryDirectory(prefix="bench-", ignore_cleanup_errors=True) as data_dir:
        ports = {spec.name: free_port() for spec in subgraphs()}
        config = StackConfig(
            data_dir=Path(data_dir),
            ports=ports,
            router_port=free_port(),
            router_env=router_env or {},
            seed=False,
            log_sink=drop_log_line,
        )
        stack = Stack(config)
        try:
            await stack.prepare()
            for name in names:
                await stack.start_service(name)
            yield stack
        finally:
            await stack.stop()


def service_pid(stack: Stack, name: str) -> int:
    process = stack.services[name].process
    assert process is not None, f"{name} is not running"
    return process.pid


def client_address(index: int) -> dict[str, str]:
    """An X-Forwarded-For header giving synthetic client `index` its own address (TEST-NET-2),
    so per-IP throttles see many clients rather than one."""
    return {"X-Forwarded-For": f"198.51.100.{index % 254 + 1}"}


async def graphql(
    client: httpx.AsyncClient,
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST one operation; the `data` object, or an error when the response carries none."""
    response = await client.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body = response.json()
    if response.status_code != 200 or not body.get("data"):
        raise RuntimeError(f"GraphQL call failed: HTTP {response.status_code} {body}")
    data: dict[str, Any] = body["data"]
    return data


class KeepAliveClient:
    """One HTTP/1.1 keep-alive connection POSTing JSON: a lean client for load generation.

    httpx cost the benchmark process ~4 ms of CPU per request here, ~19 ms with 50 pooled
    connections, so at 50 concurrent clients the client, not the service, set the pace (on a
    2-core machine it also takes CPU from the service). This speaks just enough HTTP/1.1
    (Content-Length or chunked responses) for a JSON API; give each load worker its own.
    """

    def __init__(self, base_url: str) -> None:
        parsed = httpx.URL(base_url)
        self.host, self.port = parsed.host, parsed.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_json(
        self, path: str, payload: Any, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """(status, decoded JSON body). A connection the server closed while idle is
        reopened once (only for such a failure: the request is then sent again)."""
        body = json.dumps(payload).encode()
        head = [
            f"POST {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Content-Type: application/json",
            "Accept: application/json",
            f"Content-Length: {len(body)}",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        request = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        reused = self.writer is not None
        try:
            return await self._exchange(request)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            if not reused:
                raise
            return await self._exchange(request)

    async def _exchange(self, request: bytes) -> tuple[int, Any]:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.reader, self.writer
        writer.write(request)
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        )
        if "content-length" in fields:
            data = await reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readuntil(b"\r\n")  # the line after the last chunk (no trailers)
            data = b"".join(chunks)
        else:  # delimited by the end of the connection
            data = await reader.read()
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, json.loads(data)

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


async def register_user(
    client: httpx.AsyncClient, url: str, index: int, email: str, password: str
) -> str:
    """Register an account from client address `index`; returns its access token."""
    variables = {
        "input": {
            "email": email,
            "password": password,
            "displayName": "Bench User",
            "organizationName": "Bench Company",
        }
    }
    data = await graphql(client, url, REGISTER, variables, client_address(index))
    token = data["register"].get("accessToken")
    if not token:
        raise RuntimeError(f"registration of {email} failed: {data['register']}")
    return str(token)


# -- load -------------------------------------------------------------------------------------
@dataclass
class LoadResult:
    """Operations that completed inside the measuring window, their latencies (seconds) and
    the CPU time the metered processes spent in the window (in total and per process id)."""

    window_seconds: float
    latencies: list[float] = field(default_factory=list)
    cpu_seconds: float = math.nan
    cpu_by_pid: dict[int, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.window_seconds

    @property
    def cpu_per_operation(self) -> float:
        return self.cpu_seconds / len(self.latencies) if self.latencies else math.nan

    def cpu_per_operation_of(self, pid: int) -> float:
        """CPU seconds one metered process spent per completed operation."""
        cpu = self.cpu_by_pid.get(pid, math.nan)
        return cpu / len(self.latencies) if self.latencies else math.nan


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far, from /proc (Linux)."""
    # Fields after the parenthesised command name start at field 3; utime and stime are 14, 15.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def closed_loop(
    operation: Callable[[int], Awaitable[None]],
    *,
    concurrency: int,
    warmup: float,
    window: float,
    metered_pid: int | Sequence[int],
) -> LoadResult:
    """`concurrency` workers each call `operation(worker)` back to back.

    Only operations completing inside [warmup, warmup + window] count, so the ramp-up does
    not distort the rate; the CPU time of the metered process(es) is read at the window's
    edges. Operations still running at the end are awaited (not counted), so the next
    measurement starts on an idle machine.
    """
    result = LoadResult(window)
    start = time.perf_counter()
    window_start, window_end = start + warmup, start + warmup + window
    pids = [metered_pid] if isinstance(metered_pid, int) else list(metered_pid)

    async def meter() -> None:
        await asyncio.sleep(warmup)
        before = {pid: cpu_seconds(pid) for pid in pids}
        await asyncio.sleep(window)
        result.cpu_by_pid = {pid: cpu_seconds(pid) - before[pid] for pid in pids}
        result.cpu_seconds = sum(result.cpu_by_pid.values())

    async def worker(index: int) -> None:
        while time.perf_counter() < window_end:
            began = time.perf_counter()
            await operation(index)
            finished = time.perf_counter()
            if window_start <= finished <= window_end:
                result.latencies.append(finished - began)

    await asyncio.gather(meter(), *(worker(index) for index in range(concurrency)))
    return result


def alternating_rounds(rounds: int, variants: Sequence[T]) -> Iterator[tuple[int, T]]:
    """(round, variant) pairs, reversing the order every other round (A B, B A, A B, ...)
    so a machine that slowly speeds up or slows down favours neither variant."""
    for number in range(1, rounds + 1):
        ordered = variants if number % 2 else list(reversed(variants))
        for variant in ordered:
            yield number, variant


# -- statistics and output ----------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (fraction 0.99 = p99)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain-text table: text left-aligned, numbers right-aligned."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(str(h)), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row, raw in zip(cells, rows, strict=True):
        aligned = [
            c.rjust(w) if isinstance(v, int | float) else c.ljust(w)
            for c, w, v in zip(row, widths, raw, strict=True)
        ]
        print("  ".join(aligned).rstrip())


def _cell(value: object) -> str:
    """Floats with about three significant digits (1234, 123, 12.3, 1.23, 0.123)."""
    if not isinstance(value, float) or math.isnan(value):
        return str(value)
    decimals = next((d for d, limit in ((0, 100), (1, 10), (2, 1)) if abs(value) >= limit), 3)
    return f"{value:.{decimals}f}"
