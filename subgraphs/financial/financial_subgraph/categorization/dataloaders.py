"""Per-request loader of an organisation's category tree (registered in
financial_subgraph.dataloaders). One query per organisation per request: every category,
path and rule action of a response resolves from it."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from financial_subgraph.categorization.repository import CategoryRepository
from financial_subgraph.categorization.tree import CategoryTree
from service_runtime.database import Database


class CategoryTreeByOrganizationLoader(DataLoader[uuid.UUID, CategoryTree]):
    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[uuid.UUID]) -> list[CategoryTree]:
        trees: list[CategoryTree] = []
        for organization_id in keys:
            async with self.database.read(organization_id=organization_id) as session:
                rows = await CategoryRepository(session).all_in_organization(organization_id)
            trees.append(CategoryTree(rows))
        return trees
