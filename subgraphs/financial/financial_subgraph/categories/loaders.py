"""The categorisation domain's per-request DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from financial_subgraph.categories.repository import CategoryRepository
from financial_subgraph.categories.tree import CategoryTree
from service_runtime.loaders import TenantLoader
from service_runtime.work import Work

# The one key of CategoryTreeLoader: a request acts for one organisation, which has one tree.
THE_TREE = None


class CategoryTreeLoader(TenantLoader[None, CategoryTree]):
    """The organisation's category tree, read once per request: every category, path and rule
    action of a response resolves from it."""

    async def fetch(self, work: Work, keys: list[None]) -> Sequence[CategoryTree]:
        rows = await CategoryRepository(work.session, work.organization_id).all()
        tree = CategoryTree(rows)
        return [tree for _ in keys]


async def category_tree(info: Any) -> CategoryTree:
    """This request's category tree."""
    return await CategoryTreeLoader.of(info).load(THE_TREE)
