"""The category tree in memory: paths, descendants and cycle checks over one organisation's rows."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from financial_subgraph.categories.models import Category

MAX_DEPTH = 6
PATH_SEPARATOR = " > "


class CategoryTree:
    def __init__(self, rows: Iterable[Category]) -> None:
        self.by_id: dict[uuid.UUID, Category] = {row.id: row for row in rows}
        self.children: dict[uuid.UUID | None, list[Category]] = defaultdict(list)
        for row in self.by_id.values():
            self.children[row.parent_id].append(row)
        for siblings in self.children.values():
            siblings.sort(key=lambda row: (row.name.casefold(), row.id))

    def ancestors(self, category_id: uuid.UUID) -> list[Category]:
        """From the root down to (and including) the category."""
        chain: list[Category] = []
        seen: set[uuid.UUID] = set()
        current = self.by_id.get(category_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            chain.append(current)
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return list(reversed(chain))

    def path(self, category_id: uuid.UUID) -> list[str]:
        return [row.name for row in self.ancestors(category_id)]

    def full_name(self, category_id: uuid.UUID) -> str:
        return PATH_SEPARATOR.join(self.path(category_id))

    def descendants(self, category_id: uuid.UUID) -> list[Category]:
        """Every category below `category_id`, depth first."""
        found: list[Category] = []
        stack = list(reversed(self.children.get(category_id, [])))
        while stack:
            row = stack.pop()
            found.append(row)
            stack.extend(reversed(self.children.get(row.id, [])))
        return found

    def height(self, category_id: uuid.UUID) -> int:
        """Levels from the category down to its deepest descendant (a leaf: 1)."""
        below = [self.height(child.id) for child in self.children.get(category_id, [])]
        return 1 + max(below, default=0)

    def would_cycle(self, category_id: uuid.UUID, new_parent_id: uuid.UUID) -> bool:
        """Whether putting `category_id` under `new_parent_id` makes it its own ancestor."""
        return any(row.id == category_id for row in self.ancestors(new_parent_id))

    def depth_after_move(
        self, category_id: uuid.UUID | None, new_parent_id: uuid.UUID | None
    ) -> int:
        """Depth of the moved subtree's deepest node (category_id None: one new node)."""
        above = len(self.ancestors(new_parent_id)) if new_parent_id is not None else 0
        return above + (self.height(category_id) if category_id is not None else 1)
