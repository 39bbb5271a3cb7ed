"""`monitoring.audit_log`, created by db/bootstrap.sql (not by any service's migrations: no
service owns it). Columns are documented there."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, Table, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB

audit_log = Table(
    "audit_log",
    MetaData(schema="monitoring"),
    Column("id", Uuid, primary_key=True, server_default=func.gen_random_uuid()),
    Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("service", Text, nullable=False),
    Column("organization_id", Uuid),
    Column("principal_subject", Text),
    Column("request_id", Text),
    Column("operation_name", Text),
    Column("mutation", Text, nullable=False),
    Column("arguments", JSONB, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("error_code", Text),
    # No INSERT ... RETURNING: that needs SELECT, which service roles do not have.
    implicit_returning=False,
)
