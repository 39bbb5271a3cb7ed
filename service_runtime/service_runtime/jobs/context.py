"""What a job handler gets: its job, the database, and progress points that honour cancel."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from service_runtime.database import Database
from service_runtime.jobs.errors import JobCancelled, short
from service_runtime.jobs.store import JobStore


@dataclass
class JobContext:
    job_id: uuid.UUID
    organization_id: uuid.UUID
    kind: str
    payload: Mapping[str, Any]
    attempt: int  # 1 on the first attempt
    max_attempts: int
    database: Database
    store: JobStore = field(repr=False)
    owner: str = field(repr=False)
    lease: timedelta = field(repr=False)
    # Set by the heartbeat when it sees a cancel request; progress() then raises.
    cancel_requested: bool = False

    async def progress(self, fraction: float, message: str | None = None) -> None:
        """Record how far the job got (0..1) and renew its lease. Raises JobCancelled when
        someone asked to cancel, JobLeaseLost when another worker has taken the job over.

        Call it between units of work, each committed on its own (and idempotent: an attempt
        that dies is retried from the start)."""
        values: dict[str, Any] = {"progress": min(max(fraction, 0.0), 1.0)}
        if message is not None:
            values["progress_message"] = short(message)
        cancel = await self.store.renew(self.job_id, self.owner, self.lease, **values)
        self.cancel_requested = self.cancel_requested or cancel
        if self.cancel_requested:
            raise JobCancelled(str(self.job_id))


JobHandler = Callable[[JobContext], Awaitable[Any]]
"""Runs one attempt of a job; returns its JSON result (or None)."""
