"""The schedules domain's per-request DataLoaders (keys are plain ids of the request's tenant)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from financial_subgraph.schedules.models import RecurringInvoiceOccurrence
from financial_subgraph.schedules.repository import ScheduleRepository
from service_runtime.loaders import TenantLoader, grouped_by_key
from service_runtime.work import Work


class OccurrencesByScheduleIdLoader(TenantLoader[uuid.UUID, list[RecurringInvoiceOccurrence]]):
    """A schedule's occurrences in sequence order."""

    async def fetch(
        self, work: Work, keys: list[uuid.UUID]
    ) -> Sequence[list[RecurringInvoiceOccurrence]]:
        rows = await ScheduleRepository.of(work).occurrences_of(keys)
        return grouped_by_key(rows, keys, lambda row: row.schedule_id)
