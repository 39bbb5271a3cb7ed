"""The client domain's per-request DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from financial_subgraph.client.models import Client
from financial_subgraph.client.repository import ClientRepository
from service_runtime.loaders import TenantLoader
from service_runtime.work import Work


class ClientByIdLoader(TenantLoader[uuid.UUID, Client | None]):
    """The organisation's clients (with contacts) by id; None where absent or another's."""

    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[Client | None]:
        return await ClientRepository.of(work).by_ids(keys)
