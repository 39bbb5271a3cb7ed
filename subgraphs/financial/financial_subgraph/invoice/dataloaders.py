"""Per-request DataLoaders of the invoice domain (registered in financial_subgraph.dataloaders).

Keys are (organisation, id) pairs, i.e. `financial_subgraph.dataloaders.TenantKey`; each batch
opens its own read session scoped to the organisation of its keys.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from financial_subgraph.invoice.models import Invoice, InvoiceLine, InvoicePayment
from financial_subgraph.invoice.repository import InvoiceRepository
from service_runtime.database import Database

Key = tuple[uuid.UUID, uuid.UUID]  # (organization_id, id)
ValueT = TypeVar("ValueT")
Fetch = Callable[[AsyncSession, uuid.UUID, list[uuid.UUID]], Awaitable[list[ValueT]]]


async def _per_organization(
    database: Database, keys: Sequence[Key], fetch: Fetch[ValueT]
) -> dict[Key, ValueT]:
    by_organization: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for organization_id, id_ in keys:
        by_organization[organization_id].append(id_)
    found: dict[Key, ValueT] = {}
    for organization_id, ids in by_organization.items():
        async with database.read(organization_id=organization_id) as session:
            values = await fetch(session, organization_id, ids)
        found.update({(organization_id, i): v for i, v in zip(ids, values, strict=True)})
    return found


def _grouped(
    rows: Sequence[ValueT], ids: list[uuid.UUID], key: Callable[[ValueT], uuid.UUID]
) -> list[list[ValueT]]:
    groups: dict[uuid.UUID, list[ValueT]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [groups.get(id_, []) for id_ in ids]


class InvoiceByIdLoader(DataLoader[Key, Invoice | None]):
    """Invoices (any kind, without lines) by (organisation, id); None if absent or foreign."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[Invoice | None]:
        async def fetch(
            session: AsyncSession, org: uuid.UUID, ids: list[uuid.UUID]
        ) -> list[Invoice | None]:
            return await InvoiceRepository(session).by_ids_in_organization(org, ids)

        found = await _per_organization(self.database, keys, fetch)
        return [found[key] for key in keys]


class LinesByInvoiceIdLoader(DataLoader[Key, list[InvoiceLine]]):
    """Each invoice's lines (with taxes) in position order."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[list[InvoiceLine]]:
        async def fetch(
            session: AsyncSession, org: uuid.UUID, ids: list[uuid.UUID]
        ) -> list[list[InvoiceLine]]:
            rows = await InvoiceRepository(session).lines_of(org, ids)
            return _grouped(rows, ids, lambda row: row.invoice_id)

        found = await _per_organization(self.database, keys, fetch)
        return [found[key] for key in keys]


class PaymentsByInvoiceIdLoader(DataLoader[Key, list[InvoicePayment]]):
    """Each invoice's payments by payment date."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[list[InvoicePayment]]:
        async def fetch(
            session: AsyncSession, org: uuid.UUID, ids: list[uuid.UUID]
        ) -> list[list[InvoicePayment]]:
            rows = await InvoiceRepository(session).payments_of(org, ids)
            return _grouped(rows, ids, lambda row: row.invoice_id)

        found = await _per_organization(self.database, keys, fetch)
        return [found[key] for key in keys]


class CreditNotesByInvoiceIdLoader(DataLoader[Key, list[Invoice]]):
    """The credit notes written against each invoice, oldest first."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[list[Invoice]]:
        async def fetch(
            session: AsyncSession, org: uuid.UUID, ids: list[uuid.UUID]
        ) -> list[list[Invoice]]:
            rows = await InvoiceRepository(session).credit_notes_of(org, ids)
            return _grouped(rows, ids, lambda row: row.credited_invoice_id or uuid.UUID(int=0))

        found = await _per_organization(self.database, keys, fetch)
        return [found[key] for key in keys]
