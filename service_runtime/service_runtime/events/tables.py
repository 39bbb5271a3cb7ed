"""Outbox and inbox tables, created inside each service's own metadata (and so its schema and
its migrations)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB


def outbox_table(metadata: MetaData) -> Table:
    table = Table(
        "outbox_events",
        metadata,
        Column("id", Uuid, primary_key=True),
        # Commit order is not id order; the identity gives the relay a stable publishing order.
        Column("seq", BigInteger, Identity(), nullable=False, unique=True),
        Column("type", Text, nullable=False),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("organization_id", Uuid, nullable=True),
        Column("payload", JSONB, nullable=False),
        Column("published_at", DateTime(timezone=True), nullable=True),
    )
    Index(
        "ix_outbox_events_unpublished",
        table.c.seq,
        postgresql_where=text("published_at IS NULL"),
    )
    return table


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox_events",
        metadata,
        Column("event_id", Uuid, nullable=False),
        Column("consumer_group", Text, nullable=False),
        Column("type", Text, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("event_id", "consumer_group"),
    )
