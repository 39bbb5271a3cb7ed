"""After the load: is every acknowledged write in the database, was every committed event
published, and applied exactly once?

"Published" is the relay's sense (docs/events.md): the outbox row has `published_at` set and
its envelope is on `events:<domain>`. The relay is at-least-once by design (a crash between
XADD and its commit publishes a row again), so duplicates on a stream are counted but are not
a failure; an event applied twice by a consumer (past its inbox) is.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import redis.asyncio as aioredis
from soak_audit import SCHEMA, redis_client, streams
from sqlalchemy import text

from devstack.services import subgraphs
from devstack.stack import Stack
from service_runtime.database import Database

# Tables the soak's writes land in, by the operation that acknowledged them.
WRITE_TABLES = {"createClient": "financial.clients", "createInvoice": "financial.invoices"}


@dataclass
class Verdict:
    acked: dict[str, int] = field(default_factory=dict)
    missing_writes: dict[str, list[str]] = field(default_factory=dict)
    clients_without_event: int = 0
    outbox_events: int = 0
    unpublished: int = 0
    on_streams: int = 0
    lost: list[str] = field(default_factory=list)  # committed, never on the stream
    stream_duplicates: int = 0  # published more than once (at-least-once relay)
    phantom: int = 0  # on a stream without a committed outbox row
    applied: int = 0
    not_applied: int = 0
    applied_twice: int = 0
    dead_letters: int = 0
    drain_seconds: float = 0.0

    @property
    def failures(self) -> list[str]:
        """The goals missed (empty when the run kept every promise)."""
        checks = {
            "acknowledged writes missing": sum(map(len, self.missing_writes.values())),
            "clients created without their event": self.clients_without_event,
            "events never published": self.unpublished + len(self.lost),
            "events on a stream without an outbox row": self.phantom,
            "events never applied": self.not_applied,
            "events applied twice": self.applied_twice,
            "events dead-lettered": self.dead_letters,
        }
        return [f"{name}: {count}" for name, count in checks.items() if count]


async def verify(
    stack: Stack, audit: Database, acked: dict[str, list[str]], wait: float
) -> Verdict:
    verdict = Verdict(acked={name: len(ids) for name, ids in acked.items()})
    redis = redis_client(stack.redis_url)
    try:
        started = time.monotonic()
        while True:  # until relays and the audit consumer caught up, or `wait` ran out
            await _events(audit, redis, verdict)
            if (verdict.unpublished == 0 and verdict.not_applied == 0) or (
                time.monotonic() - started > wait
            ):
                break
            await asyncio.sleep(0.5)
        verdict.drain_seconds = time.monotonic() - started
        await _writes(audit, acked, verdict)
    finally:
        await redis.aclose()
    return verdict


async def _writes(database: Database, acked: dict[str, list[str]], verdict: Verdict) -> None:
    async with database.read() as session:
        for name, ids in acked.items():
            query = text(f"SELECT id::text FROM {WRITE_TABLES[name]} WHERE id = ANY(:ids)")
            found = set(
                (await session.execute(query, {"ids": [uuid.UUID(i) for i in ids]})).scalars()
            )
            verdict.missing_writes[name] = sorted(set(ids) - found)
        with_event = set(
            (
                await session.execute(
                    text(
                        "SELECT payload->>'client_id' FROM financial.outbox_events"
                        " WHERE type = 'financial.client.created.v1'"
                    )
                )
            ).scalars()
        )
    verdict.clients_without_event = len(set(acked.get("createClient", [])) - with_event)


async def _events(database: Database, redis: aioredis.Redis, verdict: Verdict) -> None:
    outbox: dict[str, bool] = {}  # event id -> published
    async with database.read() as session:
        for spec in subgraphs():
            rows = await session.execute(
                text(f"SELECT id::text, published_at IS NOT NULL FROM {spec.name}.outbox_events")
            )
            outbox.update(dict(rows.tuples().all()))
        applied = Counter(
            (
                await session.execute(text(f"SELECT event_id::text FROM {SCHEMA}.applied_events"))
            ).scalars()
        )
    published = Counter[str]()
    for stream in streams():
        published.update(await _stream_ids(redis, stream))
    verdict.outbox_events = len(outbox)
    verdict.unpublished = sum(not done for done in outbox.values())
    verdict.on_streams = len(published)
    verdict.lost = sorted(i for i, done in outbox.items() if done and i not in published)
    verdict.stream_duplicates = sum(count - 1 for count in published.values())
    verdict.phantom = sum(i not in outbox for i in published)
    verdict.applied = len(applied)
    verdict.not_applied = sum(i not in applied for i in published)
    verdict.applied_twice = sum(count > 1 for count in applied.values())
    verdict.dead_letters = sum([await redis.xlen(f"{s}:dead-letter") for s in streams()])


async def _stream_ids(redis: aioredis.Redis, stream: str) -> list[str]:
    """The envelope id of every entry of `stream`, duplicates included."""
    ids, start = [], "-"
    while True:
        entries = await redis.xrange(stream, min=start, max="+", count=5000)
        ids.extend(json.loads(fields[b"envelope"])["id"] for _, fields in entries)
        if len(entries) < 5000:
            return ids
        start = "(" + entries[-1][0].decode()
