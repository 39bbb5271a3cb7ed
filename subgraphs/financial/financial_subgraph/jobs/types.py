"""GraphQL types of background jobs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from service_runtime.jobs import JobStatus as Status


@strawberry.enum(description="queued -> running -> succeeded, failed or cancelled.")
class JobStatus(enum.Enum):
    QUEUED = Status.QUEUED.value
    RUNNING = Status.RUNNING.value
    SUCCEEDED = Status.SUCCEEDED.value
    FAILED = Status.FAILED.value
    CANCELLED = Status.CANCELLED.value


@strawberry.type(description="Why a job (or its latest attempt) failed.")
class JobFailure:
    code: str = strawberry.field(description="UPPER_SNAKE_CASE, e.g. WORKER_LOST.")
    message: str


@strawberry.type(description="A background job of the caller's organisation.")
class Job:
    id: strawberry.ID
    kind: str = strawberry.field(description="What it does, e.g. schedules.run.")
    status: JobStatus
    progress: float = strawberry.field(description="0 to 1.")
    progress_message: str | None
    attempts: int = strawberry.field(description="Attempts started so far.")
    max_attempts: int
    next_attempt_at: datetime | None = strawberry.field(
        description="When a queued job may start (later than now while a retry waits)."
    )
    cancel_requested: bool
    result: JSON | None = strawberry.field(description="Set once it succeeded.")
    error: JobFailure | None = strawberry.field(
        description="Why it failed; while queued for a retry, why the last attempt failed."
    )
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Job:
        error = JobFailure(code=row.error_code, message=row.error_message or "")
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=row.kind,
            status=JobStatus(row.status),
            progress=row.progress,
            progress_message=row.progress_message,
            attempts=row.attempts,
            max_attempts=row.max_attempts,
            next_attempt_at=row.next_attempt_at if row.status == Status.QUEUED else None,
            cancel_requested=row.cancel_requested_at is not None,
            result=row.result,
            error=error if row.error_code else None,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )


@strawberry.type
class JobPayload:
    job: Job
