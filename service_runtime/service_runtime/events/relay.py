"""Publishes committed outbox rows to Redis Streams.

Steps per batch: select unpublished rows (locked, SKIP LOCKED so relays in several replicas
share the work) -> XADD each -> mark published -> commit. A crash before the commit leaves the
rows unpublished, so they are sent again: delivery is at-least-once and consumers deduplicate
by event id through their inbox.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import redis.asyncio as redis
from sqlalchemy import Table, delete, select, update

from service_runtime.database import Database
from service_runtime.events.checkpoints import Checkpoint, no_checkpoint
from service_runtime.events.envelope import EventEnvelope, stream_for
from service_runtime.events.shutdown import finish_before_cancel
from service_runtime.logging import get_logger

log = get_logger(__name__)


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        redis_client: redis.Redis,
        outbox: Table,
        *,
        batch_size: int = 100,
        poll_interval: float = 0.5,
        retention: timedelta = timedelta(days=7),
        checkpoint: Checkpoint = no_checkpoint,
    ) -> None:
        self.database = database
        self.redis = redis_client
        self.outbox = outbox
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.retention = retention
        self.checkpoint = checkpoint

    async def relay_once(self) -> int:
        """Publish one batch; returns how many events were published."""
        table = self.outbox
        async with self.database.write() as session:
            query = (
                select(table)
                .where(table.c.published_at.is_(None))
                .order_by(table.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.execute(query)).mappings().all()
            if not rows:
                return 0
            self.checkpoint("relay.selected")
            async with self.redis.pipeline(transaction=False) as pipe:
                for row in rows:
                    envelope = EventEnvelope.model_validate(dict(row))
                    pipe.xadd(stream_for(envelope.type), envelope.to_stream_fields())  # type: ignore[arg-type]
                await pipe.execute()
            self.checkpoint("relay.published")
            ids = [row["id"] for row in rows]
            await session.execute(
                update(table).where(table.c.id.in_(ids)).values(published_at=datetime.now(UTC))
            )
            self.checkpoint("relay.marked")
        self.checkpoint("relay.committed")
        return len(rows)

    async def prune_published(self) -> int:
        """Delete rows published longer ago than the retention period."""
        cutoff = datetime.now(UTC) - self.retention
        async with self.database.write() as session:
            result = await session.execute(
                delete(self.outbox).where(self.outbox.c.published_at < cutoff)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def run(self) -> None:
        """Relay until cancelled; transient failures are logged and retried."""
        idle_rounds = 0
        while True:
            try:
                published = await finish_before_cancel(self.relay_once())
                if published:
                    idle_rounds = 0
                    continue
                idle_rounds += 1
                if idle_rounds % 1000 == 1:
                    await self.prune_published()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox_relay_failed")
            await asyncio.sleep(self.poll_interval)
