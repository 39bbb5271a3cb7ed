"""Cutting a page from rows fetched one beyond what was asked, and created_at cursors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from service_runtime.cursors import created_at_cursor, decode_created_at
from service_runtime.pagination import empty_page, page_of


@dataclass(frozen=True)
class Edge:
    cursor: str


@dataclass(frozen=True)
class Row:
    created_at: datetime
    id: uuid.UUID


def edges(count: int) -> list[Edge]:
    return [Edge(cursor=f"c{n}") for n in range(count)]


def test_an_extra_row_means_another_page_follows() -> None:
    page, info = page_of(edges(4), 3)
    assert [edge.cursor for edge in page] == ["c0", "c1", "c2"]
    assert (info.has_next_page, info.end_cursor) == (True, "c2")


def test_the_last_page_ends_at_its_last_row() -> None:
    page, info = page_of(edges(2), 3)
    assert len(page) == 2
    assert (info.has_next_page, info.end_cursor) == (False, "c1")


def test_an_empty_page_has_no_cursor() -> None:
    page, info = page_of([], 3)
    assert page == []
    assert (info.has_next_page, info.end_cursor) == (False, None)
    assert (empty_page().has_next_page, empty_page().end_cursor) == (False, None)


def test_a_created_at_cursor_reads_back_as_its_row_key() -> None:
    row = Row(datetime(2026, 3, 1, 12, 30, tzinfo=UTC), uuid.uuid4())
    assert decode_created_at(created_at_cursor(row)) == (row.created_at, row.id)
