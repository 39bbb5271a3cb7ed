"""What verifying a bearer token costs a subgraph request.

Starts the real auth subgraph (embedded PostgreSQL and Redis in a temporary directory, free
ports), registers one account for a valid access token, then sends the same anonymous-safe
query, `{ __typename }`, with C concurrent clients in two variants, alternating in rounds:

  with token   `Authorization: Bearer <access token>`: the bearer middleware verifies the
               RS256 JWT (cached JWKS) before GraphQL runs;
  no token     no Authorization header: the request is anonymous.

Prints each round, then the medians over rounds and the ratios "with token / no token"
(the median of the per-round ratios). A latency ratio of 1.10 means verification adds 10 %
to a request; a requests/s ratio of 0.90 means it costs 10 % of throughput. The client runs
on the same machine as the service, so absolute figures include its cost: read the ratios.

    python bench/jwt_overhead.py [--concurrency 16] [--rounds 8] [--window 2]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
from collections.abc import Awaitable, Callable

import httpx
from common import (
    LoadResult,
    alternating_rounds,
    closed_loop,
    graphql,
    median,
    percentile,
    print_table,
    register_user,
    running_services,
    service_pid,
)

QUERY = "{ __typename }"
WITH_TOKEN, NO_TOKEN = "with token", "no token"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients")
    parser.add_argument("--rounds", type=int, default=8, help="rounds of both variants")
    parser.add_argument("--window", type=float, default=2.0, help="seconds measured per variant")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds before measuring")
    return parser.parse_args()


def typename_request(
    client: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> Callable[[int], Awaitable[None]]:
    async def send(_worker: int) -> None:
        data = await graphql(client, url, QUERY, headers=headers)
        if data != {"__typename": "Query"}:
            raise RuntimeError(f"unexpected answer {data}")

    return send


async def measure(args: argparse.Namespace) -> dict[str, list[LoadResult]]:
    limits = httpx.Limits(max_connections=args.concurrency)
    async with (
        running_services("auth") as stack,
        httpx.AsyncClient(limits=limits, timeout=30) as client,
    ):
        url = stack.url("auth")
        email = f"jwt-bench-{secrets.token_hex(4)}@example.com"
        token = await register_user(client, url, 0, email, secrets.token_urlsafe(16))
        headers = {WITH_TOKEN: {"Authorization": f"Bearer {token}"}, NO_TOKEN: {}}
        results: dict[str, list[LoadResult]] = {WITH_TOKEN: [], NO_TOKEN: []}
        for number, variant in alternating_rounds(args.rounds, [WITH_TOKEN, NO_TOKEN]):
            operation = typename_request(client, url, headers[variant])
            result = await closed_loop(
                operation,
                concurrency=args.concurrency,
                warmup=args.warmup,
                window=args.window,
                metered_pid=service_pid(stack, "auth"),
            )
            results[variant].append(result)
            cpu_ms = result.cpu_per_operation * 1000
            line = f"round {number} {variant:<10} {result.rate:6.1f} req/s  CPU {cpu_ms:.2f} ms/req"
            print(line, flush=True)
    return results


def figures(result: LoadResult) -> dict[str, float]:
    return {
        "requests/s": result.rate,
        "median latency (ms)": median(result.latencies) * 1000,
        "p99 latency (ms)": percentile(result.latencies, 0.99) * 1000,
        "service CPU per request (ms)": result.cpu_per_operation * 1000,
    }


def report(results: dict[str, list[LoadResult]], concurrency: int) -> None:
    per_round = {variant: [figures(r) for r in rounds] for variant, rounds in results.items()}
    rows = []
    for metric in per_round[WITH_TOKEN][0]:
        with_token = [f[metric] for f in per_round[WITH_TOKEN]]
        no_token = [f[metric] for f in per_round[NO_TOKEN]]
        ratios = [a / b for a, b in zip(with_token, no_token, strict=True)]
        rows.append([metric, median(with_token), median(no_token), median(ratios)])
    samples = sum(len(r.latencies) for rounds in results.values() for r in rounds)
    title = (
        f"JWT verification overhead ({len(results[WITH_TOKEN])} rounds, {concurrency} "
        f"concurrent clients, {samples} requests measured; medians over rounds)"
    )
    print_table(title, ["metric", WITH_TOKEN, NO_TOKEN, "ratio with/no"], rows)


def main() -> None:
    args = parse_args()
    report(asyncio.run(measure(args)), args.concurrency)


if __name__ == "__main__":
    main()
