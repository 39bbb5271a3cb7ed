"""What the router adds to a request: the same query sent to the auth subgraph directly and
through the router (Hive Gateway).

Starts the real auth subgraph and the router (embedded PostgreSQL and Redis in a temporary
directory, free ports; the router's per-client limit raised out of the way), registers one
account per client (not measured), then sends the same query with C concurrent clients, each
with its own token and keep-alive connection, in two variants, alternating in rounds:

  direct   POST <auth>/graphql: the subgraph verifies the token and resolves the query;
  router   POST <router>/graphql: the router verifies the token, counts the client's request
           in its rate limiter (Redis), plans the query and forwards it to the subgraph,
           which does the same work as in "direct".

The default query is `{ me { id email } }` (`--query me`); `--query typename` sends the
anonymous `{ __typename }`, which the router answers itself without calling the subgraph (its
cost alone, against the subgraph's cost alone). Each concurrency level (default 50, then 1
client, where latency is not queueing) gets its own table: medians over rounds, the ratio
router/direct and the difference router - direct (medians of the per-round figures). The
difference in median latency at 1 client is the router's added latency (the seed claims 3 ms);
at 50 clients it also holds the queueing the router's CPU causes, since client, router and
subgraph share the machine's cores. CPU per request is read from /proc for the subgraph, the
router and this process (the client).

    python bench/router_overhead.py [--concurrency 50 1] [--rounds 5] [--window 3]
        [--query me|typename] [--router-env ROUTER_X=value ...]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from common import (
    KeepAliveClient,
    LoadResult,
    alternating_rounds,
    closed_loop,
    median,
    percentile,
    print_table,
    register_user,
    running_services,
    service_pid,
)

QUERIES = {"me": "{ me { id email } }", "typename": "{ __typename }"}
DIRECT, ROUTER = "direct", "router"
# The whole run comes from one token (one client to the limiter): keep it from throttling.
ROUTER_ENV = {"ROUTER_RATE_LIMIT_MAX": "100000000"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[50, 1], help="concurrent clients (levels)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of both variants per level")
    parser.add_argument("--window", type=float, default=3.0, help="seconds measured per variant")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--query", choices=sorted(QUERIES), default="me", help="query to send")
    parser.add_argument(
        "--router-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra router setting, e.g. ROUTER_REDIS_URL= for the in-memory limiter",
    )
    return parser.parse_args()


async def register_clients(url: str, count: int) -> list[dict[str, str]]:
    """One account per load worker (not measured): their requests differ by token, as real
    clients' do, so the router cannot merge concurrent identical subgraph requests (its
    in-flight deduplication of queries, on by default)."""
    async with httpx.AsyncClient(timeout=60) as client:
        gate = asyncio.Semaphore(4)  # argon2 hashing: a few at a time

        async def one(index: int) -> dict[str, str]:
            async with gate:
                email = f"router-bench-{index}-{secrets.token_hex(4)}@example.com"
                password = secrets.token_urlsafe(16)
                token = await register_user(client, url, index, email, password)
            return {"Authorization": f"Bearer {token}"}

        return await asyncio.gather(*(one(index) for index in range(count)))


async def answer(connection: KeepAliveClient, query: str, headers: dict[str, str]) -> Any:
    status, body = await connection.post_json("/graphql", {"query": query}, headers)
    if status != 200 or not body.get("data"):
        raise RuntimeError(f"GraphQL call failed: HTTP {status} {body}")
    return body["data"]


def worker_requests(
    connections: list[KeepAliveClient],
    query: str,
    headers: list[dict[str, str]],
    expected: list[Any],
) -> Callable[[int], Awaitable[None]]:
    """Worker i sends as client i, over its own connection, and checks the answer."""

    async def send(worker: int) -> None:
        data = await answer(connections[worker], query, headers[worker])
        if data != expected[worker]:
            raise RuntimeError(f"unexpected answer {data}")

    return send


async def measure(args: argparse.Namespace) -> Measured:
    router_env = dict(ROUTER_ENV, **dict(item.split("=", 1) for item in args.router_env))
    query = QUERIES[args.query]
    clients = max(args.concurrency)
    async with running_services("auth", "router", router_env=router_env) as stack:
        urls = {DIRECT: stack.url("auth"), ROUTER: stack.url("router")}
        pids = {
            "auth": service_pid(stack, "auth"),
            "router": service_pid(stack, "router"),
            "client": os.getpid(),
        }
        if args.query == "me":
            headers = await register_clients(urls[DIRECT], clients)
        else:
            headers = [{} for _ in range(clients)]
        # Each client's answer, the same both ways, or the comparison means nothing.
        expected: list[Any] = []
        through_router: list[Any] = []
        for url, answers in ((urls[DIRECT], expected), (urls[ROUTER], through_router)):
            connection = KeepAliveClient(url)
            answers.extend([await answer(connection, query, h) for h in headers])
            await connection.close()
        if through_router != expected:
            raise RuntimeError(f"router answered {through_router[0]}, subgraph {expected[0]}")
        print(f"query {query}, {clients} clients; client 0 gets {expected[0]}", flush=True)

        results: dict[int, dict[str, list[LoadResult]]] = {}
        for concurrency in args.concurrency:
            results[concurrency] = {DIRECT: [], ROUTER: []}
            for number, variant in alternating_rounds(args.rounds, [DIRECT, ROUTER]):
                # Fresh connections per measurement: none idles (and gets closed by the
                # server) while the other variant runs; opening them falls in the warm-up.
                connections = [KeepAliveClient(urls[variant]) for _ in range(concurrency)]
                try:
                    result = await closed_loop(
                        worker_requests(connections, query, headers, expected),
                        concurrency=concurrency,
                        warmup=args.warmup,
                        window=args.window,
                        metered_pid=list(pids.values()),
                    )
                finally:
                    for connection in connections:
                        await connection.close()
                results[concurrency][variant].append(result)
                line = (
                    f"C={concurrency:<3} round {number} {variant:<6} {result.rate:7.1f} req/s"
                    f"  median {median(result.latencies) * 1000:6.2f} ms"
                    f"  p99 {percentile(result.latencies, 0.99) * 1000:6.2f} ms"
                )
                print(line, flush=True)
        return Measured(results, pids)


@dataclass
class Measured:
    results: dict[int, dict[str, list[LoadResult]]]  # concurrency -> variant -> rounds
    pids: dict[str, int]  # "auth" / "router" / "client" (this process) -> process id


def figures(result: LoadResult, pids: dict[str, int]) -> dict[str, float]:
    auth = result.cpu_per_operation_of(pids["auth"]) * 1000
    router = result.cpu_per_operation_of(pids["router"]) * 1000
    client = result.cpu_per_operation_of(pids["client"]) * 1000
    return {
        "requests/s": result.rate,
        "median latency (ms)": median(result.latencies) * 1000,
        "p99 latency (ms)": percentile(result.latencies, 0.99) * 1000,
        "auth CPU per request (ms)": auth,
        "router CPU per request (ms)": router,
        "auth + router CPU per request (ms)": auth + router,
        "client CPU per request (ms)": client,
    }


def report(measured: Measured, query: str) -> None:
    for concurrency, variants in measured.results.items():
        per_round = {
            variant: [figures(r, measured.pids) for r in rounds]
            for variant, rounds in variants.items()
        }
        rows = []
        for metric in per_round[DIRECT][0]:
            direct = [f[metric] for f in per_round[DIRECT]]
            router = [f[metric] for f in per_round[ROUTER]]
            pairs = list(zip(router, direct, strict=True))
            # The router is idle in "direct": a ratio to its CPU there would mean nothing.
            idle = metric.startswith("router CPU")
            ratio = math.nan if idle else median([r / d for r, d in pairs])
            rows.append(
                [metric, median(direct), median(router), ratio, median([r - d for r, d in pairs])]
            )
        samples = sum(len(r.latencies) for rounds in variants.values() for r in rounds)
        title = (
            f"Router overhead, {query} ({len(variants[DIRECT])} rounds, {concurrency} concurrent "
            f"clients, {samples} requests measured; medians over rounds)"
        )
        headers = ["metric", DIRECT, ROUTER, "ratio router/direct", "router - direct"]
        print_table(title, headers, rows)


def main() -> None:
    args = parse_args()
    report(asyncio.run(measure(args)), QUERIES[args.query])


if __name__ == "__main__":
    main()
