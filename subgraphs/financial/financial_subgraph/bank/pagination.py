"""Keyset cursors for transaction lists: the (booked_on, id) of the last row."""

from __future__ import annotations

import uuid
from datetime import date

from financial_subgraph.bank.models import BankTransaction
from service_runtime.cursors import decode_keyset, encode_keyset


def encode_cursor(row: BankTransaction) -> str:
    return encode_keyset(row.booked_on.isoformat(), row.id)


def decode_cursor(cursor: str) -> tuple[date, uuid.UUID] | None:
    """The (booked_on, id) key of a cursor, None when it is not one of ours."""
    return decode_keyset(cursor, date.fromisoformat)
