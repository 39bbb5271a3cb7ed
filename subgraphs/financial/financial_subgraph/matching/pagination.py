"""Opaque keyset cursors for the review list: base64 of (created_at, id) of the last row."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime

from financial_subgraph.categorization.models import PaymentMatchReview


def encode_cursor(row: PaymentMatchReview) -> str:
    raw = json.dumps([row.created_at.isoformat(), str(row.id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    try:
        created_at, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(str(created_at)), uuid.UUID(str(id_))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
