"""Opaque keyset cursors for transaction lists: base64 of the (booked_on, id) of the last row."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import date

from financial_subgraph.bank.models import BankTransaction


def encode_cursor(row: BankTransaction) -> str:
    raw = json.dumps([row.booked_on.isoformat(), str(row.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[date, uuid.UUID] | None:
    """The (booked_on, id) key of a cursor, None when it is not one of ours."""
    try:
        booked_on, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(str(booked_on)), uuid.UUID(str(id_))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
