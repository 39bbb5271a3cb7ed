"""Per-request DataLoaders. Each batch opens its own short read session, so concurrent
resolvers never share an AsyncSession.

Keys carry the caller's organisation: a loader is per request, and every batch is scoped to
the organisation named in its keys (in the query and, through RLS, in the session).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from strawberry.dataloader import DataLoader

from financial_subgraph.bank.dataloaders import (
    BankAccountByIdLoader,
    BankTransactionByIdLoader,
    MovementsByAccountLoader,
)
from financial_subgraph.categorization.dataloaders import CategoryTreeByOrganizationLoader
from financial_subgraph.client.models import Client
from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.invoice.dataloaders import (
    CreditNotesByInvoiceIdLoader,
    InvoiceByIdLoader,
    LinesByInvoiceIdLoader,
    PaymentsByInvoiceIdLoader,
)
from financial_subgraph.schedules.dataloaders import OccurrencesByScheduleIdLoader
from service_runtime.database import Database


class TenantKey(NamedTuple):
    organization_id: uuid.UUID
    id: uuid.UUID


class ClientByIdLoader(DataLoader[TenantKey, Client | None]):
    """Clients (with contacts) by (organisation, id), None where absent or another tenant's."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[TenantKey]) -> list[Client | None]:
        by_organization: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for key in keys:
            by_organization[key.organization_id].append(key.id)
        found: dict[TenantKey, Client | None] = {}
        for organization_id, ids in by_organization.items():
            async with self.database.read(organization_id=organization_id) as session:
                rows = await ClientRepository(session).by_ids_in_organization(organization_id, ids)
            found.update(
                {TenantKey(organization_id, i): row for i, row in zip(ids, rows, strict=True)}
            )
        return [found[key] for key in keys]


@dataclass
class FinancialLoaders:
    client_by_id: ClientByIdLoader
    invoice_by_id: InvoiceByIdLoader
    invoice_lines: LinesByInvoiceIdLoader
    invoice_payments: PaymentsByInvoiceIdLoader
    invoice_credit_notes: CreditNotesByInvoiceIdLoader
    bank_account_by_id: BankAccountByIdLoader
    bank_transaction_by_id: BankTransactionByIdLoader
    bank_movements: MovementsByAccountLoader
    recurring_occurrences: OccurrencesByScheduleIdLoader
    category_tree: CategoryTreeByOrganizationLoader


def make_loaders(database: Database) -> FinancialLoaders:
    return FinancialLoaders(
        client_by_id=ClientByIdLoader(database),
        invoice_by_id=InvoiceByIdLoader(database),
        invoice_lines=LinesByInvoiceIdLoader(database),
        invoice_payments=PaymentsByInvoiceIdLoader(database),
        invoice_credit_notes=CreditNotesByInvoiceIdLoader(database),
        bank_account_by_id=BankAccountByIdLoader(database),
        bank_transaction_by_id=BankTransactionByIdLoader(database),
        bank_movements=MovementsByAccountLoader(database),
        recurring_occurrences=OccurrencesByScheduleIdLoader(database),
        category_tree=CategoryTreeByOrganizationLoader(database),
    )
