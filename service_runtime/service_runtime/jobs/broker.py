"""The worker engine: taskiq over a Redis stream (taskiq-redis's RedisStreamBroker).

One stream per service (`jobs:<schema>`), read by one consumer group, so every worker process
of the service, on any machine, takes its share. A message is acknowledged only after its task
ran; the message of a worker that died stays pending and another worker reclaims it (XAUTOCLAIM)
once it has been idle for `idle_timeout`. The message carries only the job id: the job row is
the truth, and a message for a job that is not due is dropped (see runner.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from taskiq.kicker import AsyncKicker
from taskiq_redis import RedisStreamBroker

# Acknowledged messages are trimmed past this length: the job rows keep what matters, and a
# message trimmed before it was read is sent again by the sweeper.
STREAM_MAX_LENGTH = 10_000
REDIS_TIMEOUT_SECONDS = 5.0


def stream_name(schema: str) -> str:
    return f"jobs:{schema}"


def task_name(schema: str) -> str:
    return f"{schema}.jobs.run"


def job_broker(
    redis_url: str,
    schema: str,
    *,
    consumer_name: str | None = None,
    reclaim_after: timedelta = timedelta(minutes=1),
) -> RedisStreamBroker:
    return RedisStreamBroker(
        redis_url,
        queue_name=stream_name(schema),
        consumer_group_name=f"jobs-{schema}",
        consumer_name=consumer_name,
        # "0", not taskiq's "$": a group created after the first messages still reads them.
        consumer_id="0",
        maxlen=STREAM_MAX_LENGTH,
        idle_timeout=int(reclaim_after.total_seconds() * 1000),
        # The reclaim lock of a worker killed while holding it is released after this.
        unacknowledged_lock_timeout=30,
        xread_block=1000,
        # One message at a time, and only when a slot is free (the receiver asks for the next
        # one then): a busy worker must not sit on messages an idle one could run.
        xread_count=1,
        unacknowledged_batch_size=1,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )


async def send(broker: RedisStreamBroker, schema: str, job_ids: Iterable[uuid.UUID]) -> None:
    """One message per job id (a wake-up call for whichever worker reads it first)."""
    kicker: AsyncKicker[[str], None] = AsyncKicker(task_name(schema), broker, labels={})
    for job_id in job_ids:
        await kicker.kiq(str(job_id))
