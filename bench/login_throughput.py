"""Successful logins per second through the auth service, against bare argon2.

Starts the real auth subgraph (embedded PostgreSQL and Redis in a temporary directory, free
ports) and registers K accounts (setup, not measured). Then, alternating in rounds, it runs
two variants with the same concurrency C:

  service      C HTTP clients, each sending `login` mutations back to back (account
               worker % K, each client with its own X-Forwarded-For address);
  bare argon2  C workers calling argon2-cffi's `PasswordHasher().verify` (the service's
               parameters: the library defaults) in a thread pool of C threads.

Prints each round, then the medians over rounds and the ratio "service / bare" (the median
of the per-round ratios). Argon2 is the intended cost of a login, so the rate ratio says how
much of the machine the rest of a login takes: 0.90 means the service reaches 90 % of the
bare hashing rate, i.e. 10 % overhead (HTTP, GraphQL, Redis throttle, SQL, token signing).
"CPU per operation" is the CPU time of the process doing the work (the service, or this
script for bare argon2) divided by the operations completed, which the machine's other
load disturbs less than wall-clock rates.

    python bench/login_throughput.py [--users 8] [--concurrency 8] [--rounds 3] [--window 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
from argon2 import PasswordHasher
from common import (
    LoadResult,
    alternating_rounds,
    client_address,
    closed_loop,
    graphql,
    median,
    print_table,
    register_user,
    running_services,
    service_pid,
)

LOGIN = """
mutation($e: String!, $p: String!) {
  login(email: $e, password: $p) {
    ... on AuthPayload { accessToken }
    ... on LoginError { code }
  }
}"""
SERVICE, BARE = "service", "bare argon2"
Operation = Callable[[int], Awaitable[None]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=8, help="accounts registered (K)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients and threads (C)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both variants")
    parser.add_argument("--window", type=float, default=5.0, help="seconds measured per variant")
    parser.add_argument("--warmup", type=float, default=1.5, help="seconds before measuring")
    return parser.parse_args()


async def register_accounts(
    client: httpx.AsyncClient, url: str, count: int, password: str
) -> list[str]:
    """Register `count` accounts, four at a time; returns their e-mails."""
    run = secrets.token_hex(4)
    emails = [f"login-bench-{run}-{index}@example.com" for index in range(count)]
    gate = asyncio.Semaphore(4)

    async def register(index: int) -> None:
        async with gate:
            await register_user(client, url, index, emails[index], password)

    await asyncio.gather(*(register(index) for index in range(count)))
    return emails


def service_login(
    client: httpx.AsyncClient, url: str, emails: list[str], password: str
) -> Operation:
    async def login(worker: int) -> None:
        variables = {"e": emails[worker % len(emails)], "p": password}
        data = await graphql(client, url, LOGIN, variables, client_address(worker))
        if not data["login"].get("accessToken"):
            raise RuntimeError(f"login failed: {data['login']}")

    return login


def bare_verify(pool: ThreadPoolExecutor, password: str) -> Operation:
    hasher = PasswordHasher()
    password_hash = hasher.hash(password)

    async def verify(_worker: int) -> None:
        await asyncio.get_running_loop().run_in_executor(
            pool, hasher.verify, password_hash, password
        )

    return verify


async def measure(args: argparse.Namespace) -> dict[str, list[LoadResult]]:
    password = secrets.token_urlsafe(16)
    limits = httpx.Limits(max_connections=args.concurrency)
    async with (
        running_services("auth") as stack,
        httpx.AsyncClient(limits=limits, timeout=120) as client,
    ):
        url = stack.url("auth")
        emails = await register_accounts(client, url, args.users, password)
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            variants = {
                SERVICE: (service_login(client, url, emails, password), service_pid(stack, "auth")),
                BARE: (bare_verify(pool, password), os.getpid()),
            }
            return await run_rounds(args, variants)


async def run_rounds(
    args: argparse.Namespace, variants: dict[str, tuple[Operation, int]]
) -> dict[str, list[LoadResult]]:
    results: dict[str, list[LoadResult]] = {name: [] for name in variants}
    for number, name in alternating_rounds(args.rounds, list(variants)):
        operation, pid = variants[name]
        result = await closed_loop(
            operation,
            concurrency=args.concurrency,
            warmup=args.warmup,
            window=args.window,
            metered_pid=pid,
        )
        results[name].append(result)
        cpu_ms = result.cpu_per_operation * 1000
        print(
            f"round {number} {name:<12} {result.rate:6.2f}/s  CPU {cpu_ms:6.1f} ms/op", flush=True
        )
    return results


def figures(result: LoadResult) -> dict[str, float]:
    return {
        "operations/s": result.rate,
        "median latency (ms)": median(result.latencies) * 1000,
        "CPU per operation (ms)": result.cpu_per_operation * 1000,
    }


def report(results: dict[str, list[LoadResult]], args: argparse.Namespace) -> None:
    per_round = {name: [figures(r) for r in rounds] for name, rounds in results.items()}
    rows = []
    for metric in per_round[SERVICE][0]:
        service = [f[metric] for f in per_round[SERVICE]]
        bare = [f[metric] for f in per_round[BARE]]
        ratios = [a / b for a, b in zip(service, bare, strict=True)]
        rows.append([metric, median(service), median(bare), median(ratios)])
    title = (
        f"Successful logins vs bare argon2 verify ({args.rounds} rounds, {args.concurrency} "
        f"concurrent, {args.users} accounts; medians over rounds)"
    )
    print_table(title, ["metric", SERVICE, BARE, "ratio service/bare"], rows)


def main() -> None:
    args = parse_args()
    report(asyncio.run(measure(args)), args)


if __name__ == "__main__":
    main()
