"""Per-request DataLoaders. Each batch opens its own short read session, so concurrent
resolvers never share an AsyncSession.

Keys carry the caller's organisation: a loader is per request, and every batch is scoped to
the organisation named in its keys (in the query and, through RLS, in the session).
"""

from __future__ import annotations

from dataclasses import dataclass

from financial_subgraph.invoice.dataloaders import (
    CreditNotesByInvoiceIdLoader,
    InvoiceByIdLoader,
    LinesByInvoiceIdLoader,
    PaymentsByInvoiceIdLoader,
)
from financial_subgraph.schedules.dataloaders import OccurrencesByScheduleIdLoader
from service_runtime.database import Database


@dataclass
class FinancialLoaders:
    invoice_by_id: InvoiceByIdLoader
    invoice_lines: LinesByInvoiceIdLoader
    invoice_payments: PaymentsByInvoiceIdLoader
    invoice_credit_notes: CreditNotesByInvoiceIdLoader
    recurring_occurrences: OccurrencesByScheduleIdLoader


def make_loaders(database: Database) -> FinancialLoaders:
    return FinancialLoaders(
        invoice_by_id=InvoiceByIdLoader(database),
        invoice_lines=LinesByInvoiceIdLoader(database),
        invoice_payments=PaymentsByInvoiceIdLoader(database),
        invoice_credit_notes=CreditNotesByInvoiceIdLoader(database),
        recurring_occurrences=OccurrencesByScheduleIdLoader(database),
    )
