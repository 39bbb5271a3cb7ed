"""Keyset cursors for the client list: the (name, id) of the last row."""

from __future__ import annotations

import uuid

from financial_subgraph.client.models import Client
from service_runtime.cursors import decode_keyset, encode_keyset


def encode_cursor(row: Client) -> str:
    return encode_keyset(row.name, row.id)


def decode_cursor(cursor: str) -> tuple[str, uuid.UUID] | None:
    """The (name, id) key of a cursor, None when it is not one of ours."""
    return decode_keyset(cursor, str)
