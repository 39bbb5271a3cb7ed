"""A federated query through the router against the same data fetched from each subgraph
directly.

The query is derived from supergraph.graphql, so it follows the subgraphs as they arrive: every
root field of the auth subgraph that needs no arguments and returns an entity that other
subgraphs extend (User, Organization, ...), selecting the fields each subgraph contributes
(object fields as `{ __typename }`; fields with required arguments are left out). Two variants,
alternating in rounds, with C concurrent clients:

  router   the whole query in one request; the router plans it and calls each subgraph;
  direct   what a client without the router does: the auth part from the auth subgraph, then
           the other subgraphs' fields by `_entities` with the keys it returned, concurrently.

Both answers are checked equal before measuring. It needs a second subgraph that extends an
auth entity (financial, issue 4); until then it says so and exits 0.

    python bench/federated_query.py [--concurrency 20] [--rounds 5] [--window 3]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import secrets
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from common import (
    REPO_ROOT,
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
from graphql import ObjectTypeDefinitionNode, parse, print_ast
from graphql.language import (
    DirectiveNode,
    FieldDefinitionNode,
    NamedTypeNode,
    NonNullTypeNode,
    TypeNode,
)

from devstack.services import subgraphs

ROOT = "auth"
ROUTER, DIRECT = "router", "direct"


@dataclass
class RootField:
    name: str
    entity: str
    key: list[str]  # the auth subgraph's key fields of the entity
    fields: dict[str, list[str]] = field(default_factory=dict)  # subgraph -> selections


def _args(directive: DirectiveNode) -> dict[str, str]:
    return {arg.name.value: print_ast(arg.value).strip('"') for arg in directive.arguments or ()}


def _named(type_node: TypeNode) -> str:
    while not isinstance(type_node, NamedTypeNode):
        type_node = type_node.type  # type: ignore[attr-defined]
    return type_node.name.value


def plan(sdl: str) -> list[RootField]:
    """The auth root fields to query, with what each subgraph contributes to their entity."""
    document = parse(sdl)
    graphs: dict[str, str] = {}  # join__Graph value -> subgraph name
    objects: dict[str, ObjectTypeDefinitionNode] = {}
    for definition in document.definitions:
        if getattr(definition, "name", None) is None:
            continue
        if definition.name.value == "join__Graph":  # type: ignore[attr-defined]
            for value in definition.values:  # type: ignore[attr-defined]
                graphs[value.name.value] = _args(value.directives[0])["name"]
        elif isinstance(definition, ObjectTypeDefinitionNode):
            objects[definition.name.value] = definition

    def joins(node: Any, directive: str) -> list[dict[str, str]]:
        return [_args(d) for d in node.directives or () if d.name.value == directive]

    def owner(type_graphs: list[str], definition: FieldDefinitionNode) -> str:
        owned = [j for j in joins(definition, "join__field") if j.get("external") != "true"]
        if owned:
            return graphs[owned[0]["graph"]]
        return ROOT if ROOT in type_graphs else type_graphs[0]  # e.g. a shared key field

    def selection(definition: FieldDefinitionNode) -> str:
        name = definition.name.value
        return f"{name} {{ __typename }}" if _named(definition.type) in objects else name

    roots = []
    for query_field in objects["Query"].fields or ():
        entity = objects.get(_named(query_field.type))
        required = any(isinstance(a.type, NonNullTypeNode) for a in query_field.arguments or ())
        if entity is None or required or query_field.name.value.startswith("_"):
            continue
        type_joins = joins(entity, "join__type")
        keys = {graphs[j["graph"]]: j["key"] for j in type_joins if "key" in j}
        if owner([ROOT], query_field) != ROOT or ROOT not in keys:
            continue
        root = RootField(query_field.name.value, entity.name.value, keys[ROOT].split())
        type_graphs = [graphs[j["graph"]] for j in type_joins]
        for definition in entity.fields or ():
            if any(isinstance(a.type, NonNullTypeNode) for a in definition.arguments or ()):
                continue
            root.fields.setdefault(owner(type_graphs, definition), []).append(selection(definition))
        if len(root.fields) > 1:
            roots.append(root)
    return roots


def router_query(roots: list[RootField]) -> str:
    parts = (f"{r.name} {{ {' '.join(s for f in r.fields.values() for s in f)} }}" for r in roots)
    return "{ " + " ".join(parts) + " }"


def root_query(roots: list[RootField]) -> str:
    fields = ((r.name, dict.fromkeys([*r.key, *r.fields[ROOT]])) for r in roots)
    return "{ " + " ".join(f"{name} {{ {' '.join(keys)} }}" for name, keys in fields) + " }"


ENTITIES = (
    "query($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on {type} {{ {sel} }} }} }}"
)


def federated(
    client: httpx.AsyncClient, urls: dict[str, str], roots: list[RootField], headers: dict[str, str]
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """The direct variant: auth first, then each other subgraph's fields by key."""
    first = root_query(roots)

    async def fetch() -> dict[str, Any]:
        data = await graphql(client, urls[ROOT], first, headers=headers)
        calls = []
        for root in roots:
            for graph, selections in root.fields.items():
                if graph != ROOT:
                    obj = data[root.name]
                    if obj is None:  # e.g. a nullable root field with nothing to return
                        continue
                    representation = {"__typename": root.entity, **{k: obj[k] for k in root.key}}
                    query = ENTITIES.format(type=root.entity, sel=" ".join(selections))
                    variables = {"r": [representation]}
                    calls.append((obj, graphql(client, urls[graph], query, variables, headers)))
        for obj, answer in zip(
            [c[0] for c in calls], await asyncio.gather(*(c[1] for c in calls)), strict=True
        ):
            obj.update(answer["_entities"][0])
        return dict(data)

    return fetch


def as_operation(call: Callable[[], Awaitable[Any]]) -> Callable[[int], Awaitable[None]]:
    async def operation(_worker: int) -> None:
        await call()

    return operation


async def measure(args: argparse.Namespace, roots: list[RootField]) -> dict[str, list[LoadResult]]:
    graphs = sorted({graph for root in roots for graph in root.fields})
    router_env = {"ROUTER_RATE_LIMIT_MAX": "100000000"}
    async with running_services(*graphs, "router", router_env=router_env) as stack:
        urls = {graph: stack.url(graph) for graph in graphs}
        async with httpx.AsyncClient(timeout=30) as client:
            email = f"federated-bench-{secrets.token_hex(4)}@example.com"
            token = await register_user(client, urls[ROOT], 0, email, secrets.token_urlsafe(16))
        headers = {"Authorization": f"Bearer {token}"}
        query = router_query(roots)
        print(f"router query: {query}", flush=True)
        results: dict[str, list[LoadResult]] = {ROUTER: [], DIRECT: []}
        pids = [service_pid(stack, name) for name in [*graphs, "router"]]
        for number, variant in alternating_rounds(args.rounds, [ROUTER, DIRECT]):
            limits = httpx.Limits(max_connections=args.concurrency * len(graphs))
            async with httpx.AsyncClient(limits=limits, timeout=30) as client:
                direct = federated(client, urls, roots, headers)
                expected = await direct()
                answer = await graphql(client, stack.url("router"), query, headers=headers)
                if answer != expected:
                    raise RuntimeError(f"router answered {answer}, subgraphs {expected}")

                through_router = functools.partial(
                    graphql, client, stack.url("router"), query, headers=headers
                )
                result = await closed_loop(
                    as_operation(through_router if variant == ROUTER else direct),
                    concurrency=args.concurrency,
                    warmup=args.warmup,
                    window=args.window,
                    metered_pid=pids,
                )
            results[variant].append(result)
            print(f"round {number} {variant:<6} {result.rate:7.1f} operations/s", flush=True)
    return results


def report(results: dict[str, list[LoadResult]], concurrency: int) -> None:
    def figures(result: LoadResult) -> dict[str, float]:
        return {
            "operations/s": result.rate,
            "median latency (ms)": median(result.latencies) * 1000,
            "p99 latency (ms)": percentile(result.latencies, 0.99) * 1000,
            "server CPU per operation (ms)": result.cpu_per_operation * 1000,
        }

    per_round = {variant: [figures(r) for r in rounds] for variant, rounds in results.items()}
    rows = []
    for metric in per_round[ROUTER][0]:
        router = [f[metric] for f in per_round[ROUTER]]
        direct = [f[metric] for f in per_round[DIRECT]]
        ratios = [r / d for r, d in zip(router, direct, strict=True)]
        rows.append([metric, median(router), median(direct), median(ratios)])
    title = (
        f"Federated query ({len(results[ROUTER])} rounds, {concurrency} concurrent clients; "
        "medians over rounds; server CPU = every subgraph + router)"
    )
    print_table(title, ["metric", ROUTER, DIRECT, "ratio router/direct"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of both variants")
    parser.add_argument("--window", type=float, default=3.0, help="seconds measured per variant")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    args = parser.parse_args()

    names = [spec.name for spec in subgraphs()]
    roots = plan((REPO_ROOT / "supergraph.graphql").read_text()) if len(names) > 1 else []
    if not roots:
        print(
            f"federated_query.py needs a second subgraph that extends an entity of the auth "
            f"subgraph (User, Organization); supergraph.yaml lists {', '.join(names)}. It runs "
            "once the financial subgraph (issue 4) is composed into the supergraph."
        )
        sys.exit(0)
    report(asyncio.run(measure(args, roots)), args.concurrency)


if __name__ == "__main__":
    main()
