"""Cursors are opaque keys of the list order; anything else is refused, not guessed."""

from __future__ import annotations

import base64
import uuid

from financial_subgraph.client.models import Client
from financial_subgraph.client.pagination import decode_cursor, encode_cursor
from financial_subgraph.client.repository import escape_like


def test_a_cursor_round_trips_the_name_and_id() -> None:
    row = Client(id=uuid.uuid4(), name="Ünïcode & Co")
    assert decode_cursor(encode_cursor(row)) == (row.name, row.id)


def test_foreign_cursors_decode_to_none() -> None:
    for cursor in [
        "",
        "???",
        base64.urlsafe_b64encode(b'{"a": 1}').decode(),
        base64.urlsafe_b64encode(b'["x", "not-a-uuid"]').decode(),
    ]:
        assert decode_cursor(cursor) is None, cursor


def test_like_wildcards_are_escaped() -> None:
    assert escape_like("50%_off\\") == "50\\%\\_off\\\\"
