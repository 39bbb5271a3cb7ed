"""Opaque keyset cursors of the audit log: base64 of the (occurred_at, id) of an entry."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Any


def encode_cursor(row: Any) -> str:
    raw = json.dumps([row.occurred_at.isoformat(), str(row.id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    """The key of a cursor, None when it is not one of ours."""
    try:
        moment, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        occurred_at = datetime.fromisoformat(str(moment))
        if occurred_at.tzinfo is None:
            return None
        return occurred_at, uuid.UUID(str(id_))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
