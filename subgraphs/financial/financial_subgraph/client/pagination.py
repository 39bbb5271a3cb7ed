"""Opaque keyset cursors for the client list: base64 of the (name, id) of the last row."""

from __future__ import annotations

import base64
import binascii
import json
import uuid

from financial_subgraph.client.models import Client


def encode_cursor(row: Client) -> str:
    raw = json.dumps([row.name, str(row.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[str, uuid.UUID] | None:
    """The (name, id) key of a cursor, None when it is not one of ours."""
    try:
        name, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(name), uuid.UUID(str(id_))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
