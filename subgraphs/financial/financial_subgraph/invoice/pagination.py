"""Opaque keyset cursors for the invoice list: base64 of the (created_at, id) of the last row."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime

from financial_subgraph.invoice.models import Invoice


def encode_cursor(row: Invoice) -> str:
    raw = json.dumps([row.created_at.isoformat(), str(row.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    """The (created_at, id) key of a cursor, None when it is not one of ours."""
    try:
        created_at, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        moment = datetime.fromisoformat(str(created_at))
        if moment.tzinfo is None:
            return None
        return moment, uuid.UUID(str(id_))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
