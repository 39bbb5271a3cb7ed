"""The job table, created inside each service's own metadata (and so its schema and its
migrations), like the event outbox. One row per job: the row is the truth, the broker message
only a wake-up call (see docs/jobs.md)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import conv
from sqlalchemy.sql.schema import SchemaItem

from service_runtime.jobs.status import STATUSES

TABLE = "jobs"


def job_columns() -> Iterator[SchemaItem]:
    """Columns and constraints, shared by the model and the migration helper (migrations.py)."""
    now = func.now()
    yield Column("id", Uuid, nullable=False)
    yield Column("organization_id", Uuid, nullable=False)
    yield Column("kind", Text, nullable=False)
    yield Column("status", Text, nullable=False)
    yield Column("payload", JSONB, nullable=False)
    yield Column("progress", Float, nullable=False, server_default=text("0"))
    yield Column("progress_message", Text, nullable=True)
    yield Column("attempts", Integer, nullable=False, server_default=text("0"))
    yield Column("max_attempts", Integer, nullable=False)
    yield Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=now)
    # When the broker message was last sent, and how often: the sweeper re-sends a queued job's
    # message when it is overdue (lost in a Redis restart, or never sent after a crash).
    yield Column("dispatched_at", DateTime(timezone=True), nullable=True)
    yield Column("dispatches", Integer, nullable=False, server_default=text("0"))
    # The worker running it and until when its lease holds (renewed by its heartbeat).
    yield Column("lease_owner", Text, nullable=True)
    yield Column("lease_expires_at", DateTime(timezone=True), nullable=True)
    yield Column("cancel_requested_at", DateTime(timezone=True), nullable=True)
    yield Column("result", JSONB, nullable=True)
    yield Column("error_code", Text, nullable=True)
    yield Column("error_message", Text, nullable=True)
    yield Column("created_at", DateTime(timezone=True), nullable=False, server_default=now)
    yield Column("updated_at", DateTime(timezone=True), nullable=False, server_default=now)
    yield Column("started_at", DateTime(timezone=True), nullable=True)
    yield Column("finished_at", DateTime(timezone=True), nullable=True)
    allowed = ", ".join(f"'{status}'" for status in STATUSES)
    # Names given whole (conv): the same with or without the service's naming convention.
    yield PrimaryKeyConstraint("id", name=conv("pk_jobs"))
    yield CheckConstraint(f"status IN ({allowed})", name=conv("ck_jobs_status"))
    yield CheckConstraint("progress >= 0 AND progress <= 1", name=conv("ck_jobs_progress"))


# The sweeper's two scans (queued jobs due for dispatch, running jobs whose lease ran out) and
# an organisation's list: (name, columns, partial-index condition).
INDEXES = (
    ("ix_jobs_queued", ("next_attempt_at",), "status = 'queued'"),
    ("ix_jobs_running", ("lease_expires_at",), "status = 'running'"),
    ("ix_jobs_organization_id_created_at", ("organization_id", "created_at"), None),
)


def job_indexes(table: Table) -> None:
    for name, columns, where in INDEXES:
        condition = text(where) if where else None
        Index(name, *(table.c[column] for column in columns), postgresql_where=condition)


def jobs_table(metadata: MetaData) -> Table:
    table = Table(TABLE, metadata, *job_columns())
    job_indexes(table)
    return table
