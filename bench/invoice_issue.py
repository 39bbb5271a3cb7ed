"""50 concurrent issueInvoice mutations through the router: 50 distinct, consecutive numbers,
and what the serialised numbering costs beside 50 concurrent createInvoice mutations.

Starts auth, financial and the router (embedded PostgreSQL and Redis, free ports, the
router's per-client limit raised) and registers one owner (an admin). Each round:

  create  N concurrent createInvoice (drafts; no shared row, nothing serialises them);
  issue   N concurrent issueInvoice of those drafts. Every issue increments the same counter
          row inside its transaction (numbering.py), so the issues queue on its row lock.

After each round the issued numbers are checked: N distinct numbers, consecutive, continuing
the previous round's (never a duplicate, never a gap); the run stops at the first violation.
*ratio issue/create* of mutations/s is what the numbering lock costs under full contention.

    .venv/bin/python bench/invoice_issue.py [--concurrency 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import secrets
import time

import httpx
from common import (
    cpu_seconds,
    graphql,
    median,
    print_table,
    register_user,
    running_services,
    service_pid,
)

ROUTER_ENV = {"ROUTER_RATE_LIMIT_MAX": "100000000"}
CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  ... on ClientPayload { client { id } } } }"""
CREATE_INVOICE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  __typename ... on InvoicePayload { invoice { id } } ... on InvoiceError { code } } }"""
ISSUE = """mutation($id: ID!) { issueInvoice(id: $id, issueDate: "2026-03-02") {
  __typename ... on InvoicePayload { invoice { number } } ... on InvoiceError { code } } }"""
NUMBER = re.compile(r"INV-2026-(\d+)")
LINES = [
    {
        "description": "Consulting",
        "quantity": "2",
        "unitPrice": "150",
        "taxes": [{"name": "VAT", "rate": "19"}],
    },
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent mutations")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of create then issue")
    return parser.parse_args()


async def timed_batch(
    http: httpx.AsyncClient,
    url: str,
    query: str,
    variables: list[dict],
    headers: dict[str, str],
    pids: list[int],
) -> tuple[float, list[float], list[dict]]:
    """Wall time, CPU seconds of each process in `pids`, and the answers of one batch."""
    cpu_before = [cpu_seconds(pid) for pid in pids]
    started = time.perf_counter()
    results = await asyncio.gather(*(graphql(http, url, query, v, headers) for v in variables))
    elapsed = time.perf_counter() - started
    cpu = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
    return elapsed, cpu, results


async def measure(
    args: argparse.Namespace,
) -> tuple[dict[str, list[float]], dict[str, list[list[float]]]]:
    seconds: dict[str, list[float]] = {"create": [], "issue": []}
    cpu: dict[str, list[list[float]]] = {"create": [], "issue": []}
    async with running_services("auth", "financial", "router", router_env=ROUTER_ENV) as stack:
        url = stack.url("router")
        pids = [service_pid(stack, "financial"), service_pid(stack, "router")]
        limits = httpx.Limits(max_connections=args.concurrency)
        async with httpx.AsyncClient(timeout=120, limits=limits) as http:
            email = f"issue-bench-{secrets.token_hex(4)}@example.com"
            token = await register_user(http, url, 0, email, secrets.token_urlsafe(16))
            headers = {"Authorization": f"Bearer {token}"}
            client = await graphql(
                http,
                url,
                CREATE_CLIENT,
                {"input": {"name": "Bench", "defaultCurrency": "EUR"}},
                headers,
            )
            client_id = client["createClient"]["client"]["id"]
            issued_so_far = 0
            for number in range(1, args.rounds + 1):
                drafts = [{"input": {"clientId": client_id, "lines": LINES}}] * args.concurrency
                elapsed, used, created = await timed_batch(
                    http, url, CREATE_INVOICE, drafts, headers, pids
                )
                seconds["create"].append(elapsed)
                cpu["create"].append(used)
                ids = [r["createInvoice"]["invoice"]["id"] for r in created]
                elapsed, used, issued = await timed_batch(
                    http, url, ISSUE, [{"id": id_} for id_ in ids], headers, pids
                )
                seconds["issue"].append(elapsed)
                cpu["issue"].append(used)
                numbers = sorted(
                    int(NUMBER.fullmatch(r["issueInvoice"]["invoice"]["number"]).group(1))  # type: ignore[union-attr]
                    for r in issued
                )
                expected = list(range(issued_so_far + 1, issued_so_far + args.concurrency + 1))
                if numbers != expected:
                    raise RuntimeError(f"round {number}: numbers {numbers} != {expected}")
                issued_so_far += args.concurrency
                print(
                    f"round {number}: create {seconds['create'][-1]:.2f} s,"
                    f" issue {seconds['issue'][-1]:.2f} s, numbers"
                    f" {expected[0]}..{expected[-1]} distinct and consecutive",
                    flush=True,
                )
    return seconds, cpu


def main() -> None:
    args = parse_args()
    seconds, cpu = asyncio.run(measure(args))
    n = args.concurrency

    def per_mutation_ms(kind: str, process: int) -> float:
        return median([used[process] / n * 1000 for used in cpu[kind]])

    rates = {kind: [n / s for s in values] for kind, values in seconds.items()}
    ratios = [i / c for i, c in zip(rates["issue"], rates["create"], strict=True)]
    print_table(
        f"{n} concurrent mutations through the router ({args.rounds} rounds; medians)",
        [
            "mutation",
            "batch wall time (s)",
            "mutations/s",
            "ratio issue/create",
            "financial CPU/mutation (ms)",
            "router CPU/mutation (ms)",
        ],
        [
            [
                name,
                median(seconds[kind]),
                median(rates[kind]),
                median(ratios) if kind == "issue" else 1.0,
                per_mutation_ms(kind, 0),
                per_mutation_ms(kind, 1),
            ]
            for name, kind in (("createInvoice", "create"), ("issueInvoice", "issue"))
        ],
    )
    print(f"every round: {n} distinct, consecutive numbers (no duplicate, no gap)")


if __name__ == "__main__":
    main()
