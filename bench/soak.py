"""Soak and fault injection through the router: many concurrent users on keep-alive
connections, then faults under load, then a check that nothing acknowledged was lost.

Starts auth, financial and the router (embedded PostgreSQL and Redis, free ports) and
registers --users accounts, each with one client. Then:

  probe   unless --think is given, 50 users back to back measure what the platform serves,
          and the think time is set so the users offer --utilisation (0.6) of it;
  steady  --clients virtual users (load generator: soak_load.py, its own process) send a mix
          of reads and writes (soak_operations.py) with a think time, for --duration s;
  faults  the same load (--fault-clients users) while, --settle s apart: the financial
          subgraph is SIGKILLed and restarted; PostgreSQL is stopped and started again;
          Redis is stopped for --redis-down s and started again;
  verify  every acknowledged createClient / createInvoice is in the database; every committed
          outbox event is on its stream and applied exactly once by an audit consumer group.

Exits 1 when a goal is missed: an error other than 429 in the steady phase, an operation
that never succeeded again after a fault, a lost write, an event lost or applied twice.
`--smoke` runs everything small and fast (CI runs it: tests/soak/test_soak_smoke.py).

    .venv/bin/python bench/soak.py [--clients 2000] [--duration 60] [--smoke] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict

import httpx
from faults import kill_subgraph, restart_postgres, stop_redis
from soak_audit import audit_consumer, logged_events
from soak_platform import Platform, soak_platform
from soak_print import print_figures
from soak_report import fault_figures, phase_figures, timeline
from soak_verify import verify

PROBE_USERS, PROBE_SECONDS = 50, 15.0
FAULTS = ("kill", "postgres", "redis")
SMOKE = {
    "clients": 20, "duration": 3.0, "think": 0.3, "ramp": 0.5, "users": 3,
    "fault_clients": 20, "settle": 2.0, "postgres_down": 1.0, "redis_down": 2.0,
    "drain_wait": 30.0,
}  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--clients", type=int, default=2000, help="virtual users in the steady phase")
    add("--duration", type=float, default=60.0, help="steady phase, seconds after the ramp")
    add(
        "--think",
        type=float,
        default=None,
        help="mean think time between requests, s "
        "(default: sized by a capacity probe so the users offer --utilisation of it)",
    )
    add("--utilisation", type=float, default=0.6, help="share of probed capacity offered")
    add(
        "--ramp",
        type=float,
        default=10.0,
        help="s before the steady window opens; users "
        "arrive spread over this or one think time, whichever is longer",
    )
    add("--users", type=int, default=50, help="registered accounts the users act as")
    add("--fault-clients", type=int, default=None, help="users in the fault phase (--clients)")
    add("--settle", type=float, default=15.0, help="seconds of load between faults")
    add("--postgres-down", type=float, default=3.0, help="seconds PostgreSQL stays down")
    add("--redis-down", type=float, default=10.0, help="seconds Redis stays down")
    add("--redis-crash", action="store_true", help="SIGKILL Redis instead of stopping it")
    add(
        "--faults",
        default=",".join(FAULTS),
        type=lambda v: [f for f in v.split(",") if f],
        help="which faults, in order: kill,postgres,redis ('' = the steady phase only)",
    )
    add("--drain-wait", type=float, default=60.0, help="max s for events to drain at the end")
    add("--smoke", action="store_true", help="small and quick: every phase, every fault once")
    add("--json", help="also write every figure to this file")
    if parser.parse_known_args(argv)[0].smoke:
        parser.set_defaults(**SMOKE)  # options given explicitly still win
    args = parser.parse_args(argv)
    args.fault_clients = args.fault_clients or args.clients
    return args


async def run_faults(platform: Platform, args: argparse.Namespace) -> list:
    """The chosen faults in order, with load flowing before, between and after them."""
    stack, done = platform.stack, []
    inject = {
        "kill": lambda: kill_subgraph(stack, "financial", down_seconds=0.0),
        "postgres": lambda: restart_postgres(stack, down_seconds=args.postgres_down),
        "redis": lambda: stop_redis(stack, down_seconds=args.redis_down, crash=args.redis_crash),
    }
    for name in args.faults:
        await asyncio.sleep(args.settle)
        done.append(await inject[name]())
    if done:
        await asyncio.sleep(args.settle)
    return done


async def soak(args: argparse.Namespace) -> dict:
    clock = Clock()
    async with soak_platform() as platform, audit_consumer(platform.stack) as audit:
        clock.lap("stack start")
        async with httpx.AsyncClient(timeout=120) as http:
            users = await platform.register_users(http, args.users)
        clock.lap("registration")
        probe = None
        if args.think is None:
            probe = await probe_capacity(platform, users)
            args.think = args.clients / (args.utilisation * probe["requests_per_second"])
            clock.lap(f"capacity probe ({probe['requests_per_second']:.1f} req/s)")
        steady = await platform.load(users, args.clients, args.think, args.ramp, args.duration)
        steady_records = [r for r in steady.records if r[1] >= steady.started + args.ramp]
        clock.lap("steady phase")
        faulted = await platform.load(
            users,
            args.fault_clients,
            args.think,
            args.ramp,
            None,
            lambda: run_faults(platform, args),
        )
        clock.lap("fault phase")
        ends = [f.injected for f in faulted.faults[1:]] + [faulted.finished]
        ends = ends[: len(faulted.faults)]  # none with --faults ''
        acked = {name: steady.acked[name] + faulted.acked[name] for name in steady.acked}
        verdict = await verify(platform.stack, audit, acked, args.drain_wait)
        clock.lap("verification")
        figures = {
            "timings_s": clock.laps,
            "capacity_probe": probe,
            "audit_consumer_log": logged_events(platform.stack),
            "settings": {k: v for k, v in vars(args).items() if k != "json"},
            "steady": phase_figures(steady_records, args.duration) | steady.extras,
            "fault_phase": phase_figures(faulted.records, faulted.finished - faulted.started)
            | faulted.extras
            | {"timeline": timeline(faulted.records, faulted.started)},
            "fault_times": [
                (f.name, f.injected - faulted.started, f.lifted - faulted.started)
                for f in faulted.faults
            ],
            "faults": [
                fault_figures(faulted.records, fault, end)
                for fault, end in zip(faulted.faults, ends, strict=True)
            ],
            "verdict": asdict(verdict) | {"failures": verdict.failures},
        }
        figures["missed"] = missed_goals(figures)
        if figures["missed"]:
            platform.print_log_tails()
        return figures


async def probe_capacity(platform: Platform, users: list[dict]) -> dict:
    """What the platform serves on this machine now: PROBE_USERS users back to back (no
    think time) for PROBE_SECONDS. Shared machines vary several-fold from hour to hour, so
    a fixed think time would offer a load the platform cannot serve one hour, idle the next."""
    run = await platform.load(users, PROBE_USERS, 0.0, 1.0, PROBE_SECONDS)
    records = [r for r in run.records if r[1] >= run.started + 1.0]
    return phase_figures(records, PROBE_SECONDS) | run.extras


class Clock:
    """Seconds each part of the run took (shown, so a slow smoke run says where)."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps[name], self.last = round(now - self.last, 1), now
        print(f"{name} done in {self.laps[name]:.1f} s", flush=True)


def missed_goals(figures: dict) -> list[str]:
    missed = list(figures["verdict"]["failures"])
    if figures["steady"]["errors"]:
        missed.append(f"steady phase errors: {figures['steady']['errors_by_kind']}")
    for fault in figures["faults"]:
        if not fault["came_back"]:
            missed.append(f"{fault['fault']}: the component did not come back")
        if fault["never_recovered"]:
            missed.append(f"{fault['fault']}: never recovered {fault['never_recovered']}")
    return missed


def main() -> int:
    args = parse_args()
    began = time.monotonic()
    figures = asyncio.run(soak(args))
    figures["total_seconds"] = time.monotonic() - began
    print_figures(figures)
    print(f"\nwhole run: {figures['total_seconds']:.0f} s")
    if args.json:
        with open(args.json, "w") as file:
            json.dump(figures, file, indent=2, default=str)
    return 1 if figures["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
