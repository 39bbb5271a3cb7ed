"""Per-request DataLoaders of the schedules domain (see financial_subgraph.dataloaders)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.dataloader import DataLoader

from financial_subgraph.schedules.models import RecurringInvoiceOccurrence
from financial_subgraph.schedules.repository import ScheduleRepository
from service_runtime.database import Database

Key = tuple[uuid.UUID, uuid.UUID]  # (organization_id, schedule id)


class OccurrencesByScheduleIdLoader(DataLoader[Key, list[RecurringInvoiceOccurrence]]):
    """A schedule's occurrences in sequence order; one query per organisation per batch."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[list[RecurringInvoiceOccurrence]]:
        by_organization: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for organization_id, schedule_id in keys:
            by_organization[organization_id].append(schedule_id)
        found: dict[Key, list[RecurringInvoiceOccurrence]] = defaultdict(list)
        for organization_id, ids in by_organization.items():
            async with self.database.read(organization_id=organization_id) as session:
                rows = await ScheduleRepository(session).occurrences_of(organization_id, ids)
            for row in rows:
                found[(organization_id, row.schedule_id)].append(row)
        return [found.get(key, []) for key in keys]
