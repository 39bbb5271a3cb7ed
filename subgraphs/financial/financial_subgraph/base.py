"""The financial schema's metadata, declarative base and event tables."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from service_runtime.events import inbox_table, outbox_table
from service_runtime.models import schema_metadata

SCHEMA = "financial"


class Base(DeclarativeBase):
    metadata = schema_metadata(SCHEMA)


outbox = outbox_table(Base.metadata)
inbox = inbox_table(Base.metadata)
