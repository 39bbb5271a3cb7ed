"""The soak's load generator, run by soak.py as a process of its own (so its CPU and event
loop are not shared with the stack's log pumps and the fault injection).

N virtual users, each on its own keep-alive connection to the router, send a mixed stream of
reads and writes, each followed by a think time (exponential, mean --think seconds). It runs
for --duration seconds or until its stdin closes, then writes every request's outcome and
the ids of every acknowledged write to --output as JSON.

    python bench/soak_load.py --plan plan.json --output result.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from common import cpu_seconds
from soak_http import Outcome, RouterConnection, UserSession
from soak_operations import OPERATIONS, Operation

try:  # libuv's loop holds thousands of sockets for less CPU; asyncio's own works too.
    import uvloop
except ImportError:  # pragma: no cover
    uvloop = None

CLIENT_TIMEOUT_SECONDS = 30.0


class LoadRun:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.sessions = [UserSession(plan["router_url"], user) for user in plan["users"]]
        self.records: list[tuple[str, float, float, str]] = []  # op, started, latency, outcome
        self.acked: dict[str, list[str]] = {op.name: [] for op in OPERATIONS if op.write}
        self.connections: list[RouterConnection] = []
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        plan = self.plan
        deadline = time.monotonic() + plan["duration"]
        users = [self.user(index, deadline) for index in range(plan["clients"])]
        print(f"started {time.time()}", flush=True)
        await asyncio.gather(*users)

    async def user(self, index: int, deadline: float) -> None:
        session = self.sessions[index % len(self.sessions)]
        connection = RouterConnection(self.plan["router_url"])
        self.connections.append(connection)
        rng = random.Random(index)
        weights = [op.weight for op in OPERATIONS]
        think = self.plan["think"]
        # Each user starts at a random point of its think cycle, so requests arrive at the
        # steady rate (clients / think) from the start rather than as one burst; with short
        # think times the ramp spreads the first connections instead.
        start = rng.uniform(0, max(self.plan["ramp"], think))
        await self.pause(min(start, deadline - time.monotonic()))
        while time.monotonic() < deadline and not self.stopping.is_set():
            operation = rng.choices(OPERATIONS, weights)[0]
            await self.send(connection, session, operation, rng)
            pause = rng.expovariate(1 / think) if think > 0 else 0
            await self.pause(min(pause, deadline - time.monotonic()))  # none past the end
        await connection.close()

    async def send(
        self, connection: RouterConnection, session: UserSession, op: Operation, rng: random.Random
    ) -> None:
        token = await session.token()
        payload = {"query": op.document, "variables": op.variables(session.user, rng)}
        started, began = time.time(), time.perf_counter()
        try:
            async with asyncio.timeout(CLIENT_TIMEOUT_SECONDS):
                status, body = await connection.post(payload, token)
            outcome = Outcome.of(status, body, op.result_field)
        except TimeoutError:
            await connection.close()
            outcome = Outcome("timeout")
        except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
            # On a reused connection a reset is most often the server closing it as idle
            # just as the request arrived (its keep-alive timer fired first).
            where = "new" if connection.opened_for_last else "reused"
            outcome = Outcome(f"connection {type(error).__name__} ({where} connection)")
        except ValueError:
            outcome = Outcome("invalid response body")
        self.records.append((op.name, started, time.perf_counter() - began, outcome.kind))
        if outcome.kind == "ok" and op.write and outcome.id is not None:
            self.acked[op.name].append(outcome.id)

    async def pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the run is told to stop."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), seconds)

    def result(self, cpu: float) -> dict[str, Any]:
        return {
            "records": self.records,
            "acked": self.acked,
            "connections_opened": sum(c.opened for c in self.connections),
            "server_closed_idle": sum(c.server_closed for c in self.connections),
            "client_closed_idle": sum(c.idle_closed for c in self.connections),
            "token_refreshes": sum(s.refreshes for s in self.sessions),
            "cpu_seconds": cpu,
        }


async def watch_stdin(run: LoadRun) -> None:
    """Stop when the parent closes our stdin (or exits)."""
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    run.stopping.set()


async def main(plan_path: Path, output: Path) -> None:
    run = LoadRun(json.loads(plan_path.read_text()))  # noqa: ASYNC240 (before any load)
    watcher = asyncio.create_task(watch_stdin(run))
    cpu_before = cpu_seconds(os.getpid())
    await run.run()
    for session in run.sessions:
        await session.close()
    result = run.result(cpu_seconds(os.getpid()) - cpu_before)
    output.write_text(json.dumps(result))  # noqa: ASYNC240 (the load is over)
    watcher.cancel()
    # The stdin reader thread may still block; exit without waiting for it.
    os._exit(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    runner = uvloop.run if uvloop is not None else asyncio.run
    runner(main(args.plan, args.output))
