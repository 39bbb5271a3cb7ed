"""Relay-style connection plumbing shared by every list: `PageInfo`, and cutting a page from
rows fetched one beyond what was asked (the extra row tells whether another page follows).
Cursors themselves are service_runtime.cursors'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import strawberry


@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


class _Edge(Protocol):
    @property
    def cursor(self) -> str: ...


EdgeT = TypeVar("EdgeT", bound=_Edge)


def page_of(edges: Sequence[EdgeT], first: int) -> tuple[list[EdgeT], PageInfo]:
    """The first `first` of `edges` and their PageInfo; fetch `first + 1` rows to make them."""
    page = list(edges[:first])
    end_cursor = page[-1].cursor if page else None
    return page, PageInfo(has_next_page=len(edges) > first, end_cursor=end_cursor)


def empty_page() -> PageInfo:
    """The PageInfo of a list that matched nothing."""
    return PageInfo(has_next_page=False, end_cursor=None)
