from __future__ import annotations

import enum
import uuid
from datetime import datetime

import strawberry

from financial_subgraph.categories.loaders import category_tree
from financial_subgraph.categories.models import Category as CategoryRow
from financial_subgraph.categories.tree import CategoryTree
from financial_subgraph.context import Info


@strawberry.enum
class CategoryKind(enum.Enum):
    INCOME = "income"
    EXPENSE = "expense"
    TRANSFER = "transfer"


@strawberry.type(description="A node of the category tree.")
class Category:
    id: strawberry.ID
    name: str
    kind: CategoryKind
    parent_id: strawberry.ID | None
    path: list[str] = strawberry.field(description="Names from the top level down to this one.")
    full_name: str = strawberry.field(description='The path joined, e.g. "Travel > Flights".')
    archived_at: datetime | None
    children: list[Category]

    @classmethod
    def from_tree(cls, tree: CategoryTree, row: CategoryRow, include_archived: bool) -> Category:
        children = [
            cls.from_tree(tree, child, include_archived)
            for child in tree.children.get(row.id, [])
            if include_archived or child.archived_at is None
        ]
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            kind=CategoryKind(row.kind),
            parent_id=strawberry.ID(str(row.parent_id)) if row.parent_id else None,
            path=tree.path(row.id),
            full_name=tree.full_name(row.id),
            archived_at=row.archived_at,
            children=children,
        )


async def category_of(info: Info, category_id: uuid.UUID | None) -> Category | None:
    """A category (with its path) through the request's tree loader."""
    if category_id is None:
        return None
    tree = await category_tree(info)
    row = tree.by_id.get(category_id)
    return Category.from_tree(tree, row, include_archived=True) if row else None
