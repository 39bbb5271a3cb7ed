"""Opaque keyset cursors shared by every list: base64 of the (sort value, id) of a page's last
row. Each list's pagination module says which column it sorts by and how to read it back."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, TypeVar

from service_runtime.errors import ClientError

T = TypeVar("T")


def encode_keyset(sort_value: str, id_: uuid.UUID) -> str:
    raw = json.dumps([sort_value, str(id_)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_keyset(cursor: str, parse: Callable[[str], T]) -> tuple[T, uuid.UUID] | None:
    """The (sort value, id) of a cursor, None when it is not one of ours. `parse` reads the
    sort value and raises ValueError when it is not one."""
    try:
        sort_value, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return parse(str(sort_value)), uuid.UUID(str(id_))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None


def aware_datetime(text: str) -> datetime:
    """A timestamptz sort value; a naive one cannot be compared with the column."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("cursor timestamp without a time zone")
    return moment


def encode_created_at(created_at: datetime, id_: uuid.UUID) -> str:
    return encode_keyset(created_at.isoformat(), id_)


def decode_created_at(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    return decode_keyset(cursor, aware_datetime)


class _CreatedRow(Protocol):
    @property
    def created_at(self) -> datetime: ...

    @property
    def id(self) -> uuid.UUID: ...


def created_at_cursor(row: _CreatedRow) -> str:
    """The cursor of a row in a list ordered by (created_at, id), e.g. newest first."""
    return encode_created_at(row.created_at, row.id)


def page_request(
    first: int, after: str | None, max_page_size: int, decode: Callable[[str], T | None]
) -> T | None:
    """Check a list's `first` and `after` arguments; the decoded key to continue after (None
    for the first page). Bad arguments are the client's error (BAD_USER_INPUT)."""
    if not 1 <= first <= max_page_size:
        raise ClientError(f"first must be 1 to {max_page_size}.", "BAD_USER_INPUT")
    if after is None:
        return None
    key = decode(after)
    if key is None:
        raise ClientError("after is not a cursor of this list.", "BAD_USER_INPUT")
    return key
