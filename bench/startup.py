"""Start-to-ready time of `devstack run`, cold and warm.

Each round spawns `devstack run` twice on one fresh, empty DEVSTACK_DATA_DIR (a temporary
directory, removed afterwards) with DATABASE_URL / REDIS_URL unset, so the embedded servers
are used:

  cold   the first run: initdb, Redis, bootstrap, migrations, seed, then every subgraph;
  warm   the second run on the same directory: the databases exist, migrations and seed are
         no-ops.

A run is timed from process spawn to the `platform ready` line, then stopped with SIGINT and
awaited. Prints every run, then the medians and their ratio to the seed's reported start-up
of 15 s (below 1 is faster). "reported" is the figure the banner prints (measured inside the
process, so without interpreter start-up and imports: spawn->ready minus reported is what
those cost); "shutdown" is SIGINT to exit. Each start-up takes 10-20 s here, so the default
three rounds (six runs) take about two minutes.

`devstack run` listens on supergraph.yaml's ports (auth: 3001); the benchmark refuses to
start when one of them is taken (for example by a developer's running stack).

    python bench/startup.py [--rounds 3] [--timeout 120]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from common import REPO_ROOT, median, print_table

from devstack.run import READY_BANNER
from devstack.services import subgraphs

SEED_STARTUP_SECONDS = 15.0
SHUTDOWN_TIMEOUT_SECONDS = 30.0
DEVSTACK = Path(sys.executable).with_name("devstack")
REPORTED = re.compile(rf"{READY_BANNER} in ([0-9.]+)s")


@dataclass
class RunTiming:
    ready: float  # spawn to the ready line (s)
    reported: float  # what the banner says (s)
    shutdown: float  # SIGINT to exit (s)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="cold + warm pairs")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed to be ready")
    return parser.parse_args()


def require_free_ports() -> None:
    for spec in subgraphs():
        with socket.socket() as probe:
            # As the servers do: a port in TIME_WAIT from the previous run is free to bind.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", spec.port))
            except OSError:
                sys.exit(
                    f"port {spec.port} ({spec.name}, from supergraph.yaml) is in use, probably by"
                    " a running `devstack run`: stop it, or run this benchmark later."
                )


class RunOutput:
    """Reads a `devstack run`'s output, noting when the milestones appear."""

    def __init__(self, process: asyncio.subprocess.Process, started: float) -> None:
        self.process = process
        self.started = started
        self.tail: deque[str] = deque(maxlen=20)

    async def until_ready(self) -> tuple[float, float]:
        """Seconds from spawn to the ready line, and the seconds the line reports."""
        while line := await self._line():
            if match := REPORTED.search(line):
                return time.perf_counter() - self.started, float(match.group(1))
        raise RuntimeError("devstack run exited before ready:\n" + "\n".join(self.tail))

    async def drain(self) -> None:
        while await self._line():
            pass

    async def _line(self) -> str:
        assert self.process.stdout is not None
        line = (await self.process.stdout.readline()).decode(errors="replace")
        self.tail.append(line.rstrip())
        return line


def run_environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return {**env, "DEVSTACK_DATA_DIR": str(data_dir)}


async def timed_run(data_dir: Path, ready_within: float) -> RunTiming:
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        str(DEVSTACK),
        "run",
        cwd=REPO_ROOT,
        env=run_environment(data_dir),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output = RunOutput(process, started)
    try:
        ready, reported = await asyncio.wait_for(output.until_ready(), ready_within)
        stopping = time.perf_counter()
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(output.drain(), SHUTDOWN_TIMEOUT_SECONDS)
        await asyncio.wait_for(process.wait(), SHUTDOWN_TIMEOUT_SECONDS)
        shutdown = time.perf_counter() - stopping
    except BaseException:
        await abandon(process, data_dir)
        raise
    if process.returncode != 0:
        raise RuntimeError(
            f"devstack run exited with {process.returncode}:\n" + "\n".join(output.tail)
        )
    return RunTiming(ready, reported, shutdown)


async def abandon(process: asyncio.subprocess.Process, data_dir: Path) -> None:
    """Kill a run that failed or hung, and the database servers it leaves behind."""
    if process.returncode is None:
        process.kill()
        await process.wait()
    stop_leftover_servers(data_dir)


def stop_leftover_servers(data_dir: Path) -> None:
    # Both servers daemonise, so killing the run does not stop them; their pid files do.
    pids = []
    with contextlib.suppress(OSError, ValueError):
        pids.append(int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0]))
    with contextlib.suppress(OSError, ValueError, KeyError):
        settings = json.loads((data_dir / "redis" / "redis.rdb.settings").read_text())
        pids.append(int(Path(settings["pidfile"]).read_text().split()[0]))
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGINT)  # PostgreSQL: fast shutdown; Redis: save and exit


async def measure(rounds: int, ready_within: float) -> dict[str, list[RunTiming]]:
    runs: dict[str, list[RunTiming]] = {"cold": [], "warm": []}
    for number in range(1, rounds + 1):
        with tempfile.TemporaryDirectory(prefix="bench-startup-", ignore_cleanup_errors=True) as d:
            for kind in ("cold", "warm"):
                timing = await timed_run(Path(d), ready_within)
                runs[kind].append(timing)
                print(f"round {number} {kind}: ready in {timing.ready:.1f}s", flush=True)
    return runs


def report(runs: dict[str, list[RunTiming]]) -> None:
    rows = [
        [f"{kind} #{i}", t.ready, t.reported, t.shutdown]
        for kind, timings in runs.items()
        for i, t in enumerate(timings, 1)
    ]
    print_table("Every run (seconds)", ["run", "spawn->ready", "reported", "shutdown"], rows)
    summary = []
    for kind, timings in runs.items():
        ready = median([t.ready for t in timings])
        reported = median([t.reported for t in timings])
        summary.append([kind, ready, reported, ready / SEED_STARTUP_SECONDS])
    title = f"Start-up, median of {len(runs['cold'])} runs each (seed reported 15 s)"
    print_table(
        title,
        ["start", "spawn->ready (s)", "reported (s)", "ratio to seed's 15 s"],
        summary,
    )


def main() -> None:
    args = parse_args()
    require_free_ports()
    report(asyncio.run(measure(args.rounds, args.timeout)))


if __name__ == "__main__":
    main()
