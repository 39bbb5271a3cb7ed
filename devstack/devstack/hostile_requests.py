"""Hostile GraphQL requests through the router, and the checks every answer must pass.

Domain-neutral machinery of the adversarial suite (tests/adversarial): values JSON cannot
express from Python, request bodies carrying them, and a client that sends one mutation at a
time and records every broken expectation: a 5xx, a masked or uncoded error, a message or
body quoting a value at length, rows written although the request was refused.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from graphql import GraphQLSchema

from devstack.supergraph_inputs import document

MAX_MESSAGE = 400  # "a few hundred characters": the longest message any error may have
MAX_BODY = 20_000  # a response quoting a 100 kB value whole would be larger
MASKED = "Unexpected error."

Snapshot = Callable[[], Awaitable[dict[str, int]]]


class Raw:
    """JSON text Python cannot produce from a value: 1e400, nesting deeper than json.dumps."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:20]}...)"


def encode(query: str, variables: dict[str, Any]) -> bytes:
    """The request body; Raw values spliced in as JSON text, surrogates \\u-escaped."""
    raws: dict[str, str] = {}

    def placeholder(value: Any) -> Any:
        if isinstance(value, Raw):
            key = f"__raw_{len(raws)}__"
            raws[key] = value.text
            return key
        if isinstance(value, dict):
            return {k: placeholder(v) for k, v in value.items()}
        if isinstance(value, list):
            return [placeholder(v) for v in value]
        return value

    text = json.dumps({"query": query, "variables": placeholder(variables)})
    for key, raw in raws.items():
        text = text.replace(f'"{key}"', raw)
    return text.encode()


class HostileClient:
    """Sends mutations as one bearer (an organisation's owner) and checks each answer."""

    def __init__(
        self, http: httpx.AsyncClient, token: str, snapshot: Snapshot, schema: GraphQLSchema
    ) -> None:
        self.http, self.token, self.snapshot, self.schema = http, token, snapshot, schema
        self.state: dict[str, int] = {}
        # Every broken expectation, reported together: one run shows all of them.
        self.problems: list[str] = []

    async def settle(self) -> None:
        """Waits until event consumers stopped writing, so a later change is the request's."""
        previous = await self.snapshot()
        for _ in range(20):
            await asyncio.sleep(0.05)
            current = await self.snapshot()
            if current == previous:
                break
            previous = current
        self.state = previous

    async def send(self, mutation: str, variables: dict[str, Any], label: str) -> None:
        """Sends `mutation`; records what is wrong with the answer (`label` says what was sent)."""
        response = await self.http.post(
            "/graphql",
            content=encode(document(self.schema, mutation), variables),
            headers={"Authorization": f"Bearer {self.token}", "content-type": "application/json"},
        )
        where = f"{mutation} {label}"
        if response.status_code >= 500 or len(response.text) >= MAX_BODY:
            self.problems.append(f"{where}: HTTP {response.status_code} {response.text[:300]}")
            return
        body = response.json()
        for error in body.get("errors", []):
            code = (error.get("extensions") or {}).get("code")
            message = error.get("message", "")
            if not code or code == "INTERNAL_SERVER_ERROR" or message == MASKED:
                self.problems.append(f"{where}: untyped or masked {str(error)[:300]}")
            elif len(message) > MAX_MESSAGE:
                self.problems.append(f"{where}: a {len(message)}-character message")
        result = (body.get("data") or {}).get(mutation)
        result = result if isinstance(result, dict) else {}
        refused = any(key.startswith("code_") and value for key, value in result.items())
        if body.get("errors") or refused:
            after = await self.snapshot()
            if after != self.state:
                changed = {table for table in after if after[table] != self.state.get(table)}
                self.problems.append(f"{where}: refused, yet wrote to {sorted(changed)}")
                self.state = after
        else:
            await self.settle()

    def assert_no_problems(self) -> None:
        assert not self.problems, "\n".join(self.problems[:40])
