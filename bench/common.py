"""Shared pieces of the benchmarks: a stack on free ports, the auth API calls they need, a
closed-loop load driver, round alternation, statistics and a plain-text result table.

Not a benchmark itself; run the scripts next to it (see README.md).
"""

from __future__ import annotations

import asyncio
import contextlib
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
async def running_services(*names: str) -> AsyncIterator[Stack]:
    """The named subgraphs as real processes on free ports, over embedded PostgreSQL and Redis
    in a temporary directory (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="bench-", ignore_cleanup_errors=True) as data_dir:
        ports = {spec.name: free_port() for spec in subgraphs()}
        config = StackConfig(
            data_dir=Path(data_dir), ports=ports, seed=False, log_sink=drop_log_line
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
    the CPU time the metered process spent in the window."""

    window_seconds: float
    latencies: list[float] = field(default_factory=list)
    cpu_seconds: float = math.nan

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.window_seconds

    @property
    def cpu_per_operation(self) -> float:
        return self.cpu_seconds / len(self.latencies) if self.latencies else math.nan


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
    metered_pid: int,
) -> LoadResult:
    """`concurrency` workers each call `operation(worker)` back to back.

    Only operations completing inside [warmup, warmup + window] count, so the ramp-up does
    not distort the rate; the CPU time of `metered_pid` is read at the window's edges.
    Operations still running at the end are awaited (not counted), so the next measurement
    starts on an idle machine.
    """
    result = LoadResult(window)
    start = time.perf_counter()
    window_start, window_end = start + warmup, start + warmup + window

    async def meter() -> None:
        await asyncio.sleep(warmup)
        before = cpu_seconds(metered_pid)
        await asyncio.sleep(window)
        result.cpu_seconds = cpu_seconds(metered_pid) - before

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
