"""A page of 100 invoices (with client, lines, taxes and payments) through the router, beside
the router's trivial `{ __typename }`, side by side.

Starts auth, financial and the router (embedded PostgreSQL and Redis, free ports, the
router's per-client limit raised), registers one owner and creates, through the router (not
measured), one client and 100 issued invoices of two taxed lines each with a part payment.
Then C concurrent clients send, alternating in rounds:

  list100   `invoices(first: 100)` selecting client, lines (with taxes) and payments: six SQL
            statements whatever the page size (pinned in tests/invoice/test_queries.py);
  typename  `{ __typename }`, which the router answers itself (its floor per request).

Each worker aliases the list field differently (w0: invoices(...)), so the router cannot merge
concurrent identical subgraph fetches (in-flight deduplication) into one.
*ratio list/typename* of requests/s is the share of the trivial rate the 100-invoice page keeps.

    .venv/bin/python bench/invoice_list.py [--concurrency 10] [--rounds 5] [--window 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable

import httpx
from common import (
    KeepAliveClient,
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

ROUTER_ENV = {"ROUTER_RATE_LIMIT_MAX": "100000000"}
INVOICES = 100
LIST, TYPENAME = "list100", "typename"
PAGE_FIELDS = """edges { node { id number status total balanceDue overdue
  client { id name } lines { description quantity unitPrice netAmount taxAmount
  taxes { name rate amount } } payments { amount paidOn } } }"""

CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  ... on ClientPayload { client { id } } } }"""
CREATE_INVOICE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  ... on InvoicePayload { invoice { id } } } }"""
ISSUE = """mutation($id: ID!) { issueInvoice(id: $id, issueDate: "2026-03-02") {
  __typename } }"""
PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { __typename } }"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=10, help="concurrent clients")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of both variants")
    parser.add_argument("--window", type=float, default=3.0, help="seconds measured per variant")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    return parser.parse_args()


async def seed(http: httpx.AsyncClient, url: str, headers: dict[str, str]) -> None:
    """One client and INVOICES issued, part-paid invoices (through the router)."""
    client_input = {"input": {"name": "Bench Client", "defaultCurrency": "EUR"}}
    client = (await graphql(http, url, CREATE_CLIENT, client_input, headers))["createClient"]
    lines = [
        {
            "description": "Consulting",
            "quantity": "3",
            "unitPrice": "120",
            "taxes": [{"name": "VAT", "rate": "19"}],
        },
        {
            "description": "Travel",
            "quantity": "1",
            "unitPrice": "45.50",
            "taxes": [{"name": "VAT", "rate": "7"}],
        },
    ]
    gate = asyncio.Semaphore(8)

    async def one() -> None:
        async with gate:
            draft_input = {"input": {"clientId": client["client"]["id"], "lines": lines}}
            created = await graphql(http, url, CREATE_INVOICE, draft_input, headers)
            invoice_id = created["createInvoice"]["invoice"]["id"]
            await graphql(http, url, ISSUE, {"id": invoice_id}, headers)
            payment = {"invoiceId": invoice_id, "amount": "100.00", "paidOn": "2026-03-05"}
            await graphql(http, url, PAY, {"input": payment}, headers)

    await asyncio.gather(*(one() for _ in range(INVOICES)))


def operation(
    variant: str, connections: list[KeepAliveClient], headers: dict[str, str]
) -> Callable[[int], Awaitable[None]]:
    async def send(worker: int) -> None:
        if variant == LIST:
            query = f"{{ w{worker}: invoices(first: {INVOICES}) {{ {PAGE_FIELDS} }} }}"
        else:
            query = "{ __typename }"
        status, body = await connections[worker].post_json("/graphql", {"query": query}, headers)
        data = body.get("data") if status == 200 else None
        if not data or (variant == LIST and len(data[f"w{worker}"]["edges"]) != INVOICES):
            raise RuntimeError(f"unexpected answer: HTTP {status} {str(body)[:300]}")

    return send


async def measure(args: argparse.Namespace) -> tuple[dict[str, list[LoadResult]], dict[str, int]]:
    async with running_services("auth", "financial", "router", router_env=ROUTER_ENV) as stack:
        url = stack.url("router")
        pids = {
            "financial": service_pid(stack, "financial"),
            "router": service_pid(stack, "router"),
            "client": os.getpid(),
        }
        async with httpx.AsyncClient(timeout=60) as http:
            email = f"invoice-bench-{secrets.token_hex(4)}@example.com"
            token = await register_user(http, url, 0, email, secrets.token_urlsafe(16))
            headers = {"Authorization": f"Bearer {token}"}
            await seed(http, url, headers)
        probe = KeepAliveClient(url)
        for _ in range(3):
            started = time.perf_counter()
            await operation(LIST, [probe], headers)(0)
            print(f"one page: {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
        await probe.close()
        print(f"seeded {INVOICES} invoices; measuring", flush=True)
        results: dict[str, list[LoadResult]] = {LIST: [], TYPENAME: []}
        for number, variant in alternating_rounds(args.rounds, [LIST, TYPENAME]):
            connections = [KeepAliveClient(url) for _ in range(args.concurrency)]
            try:
                result = await closed_loop(
                    operation(variant, connections, headers),
                    concurrency=args.concurrency,
                    warmup=args.warmup,
                    window=args.window,
                    metered_pid=list(pids.values()),
                )
            finally:
                for connection in connections:
                    await connection.close()
            results[variant].append(result)
            print(
                f"round {number} {variant:<8} {result.rate:8.1f} req/s"
                f"  median {median(result.latencies) * 1000:7.2f} ms",
                flush=True,
            )
        return results, pids


def report(
    results: dict[str, list[LoadResult]], pids: dict[str, int], args: argparse.Namespace
) -> None:
    def figures(result: LoadResult) -> dict[str, float]:
        return {
            "requests/s": result.rate,
            "median latency (ms)": median(result.latencies) * 1000,
            "p99 latency (ms)": percentile(result.latencies, 0.99) * 1000,
            "financial CPU per request (ms)": result.cpu_per_operation_of(pids["financial"]) * 1000,
            "router CPU per request (ms)": result.cpu_per_operation_of(pids["router"]) * 1000,
        }

    per_round = {variant: [figures(r) for r in rounds] for variant, rounds in results.items()}
    rows = []
    for metric in per_round[LIST][0]:
        listed = [f[metric] for f in per_round[LIST]]
        trivial = [f[metric] for f in per_round[TYPENAME]]
        ratios = [a / b for a, b in zip(listed, trivial, strict=True) if b]
        rows.append([metric, median(listed), median(trivial), median(ratios)])
    print_table(
        f"100-invoice page vs {{ __typename }} through the router ({args.rounds} rounds,"
        f" {args.concurrency} concurrent clients; medians over rounds)",
        ["metric", LIST, TYPENAME, "ratio list/typename"],
        rows,
    )


def main() -> None:
    args = parse_args()
    results, pids = asyncio.run(measure(args))
    report(results, pids, args)


if __name__ == "__main__":
    main()
