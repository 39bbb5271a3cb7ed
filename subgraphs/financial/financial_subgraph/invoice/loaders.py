"""The invoice domain's per-request DataLoaders (keys are plain ids of the request's tenant)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from financial_subgraph.invoice.models import Invoice, InvoiceLine, InvoicePayment
from financial_subgraph.invoice.repository import InvoiceRepository
from service_runtime.loaders import TenantLoader, grouped_by_key
from service_runtime.work import Work


class InvoiceByIdLoader(TenantLoader[uuid.UUID, Invoice | None]):
    """Invoices (any kind, without lines) by id; None where absent or another's."""

    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[Invoice | None]:
        return await InvoiceRepository.of(work).by_ids(keys)


class LinesByInvoiceIdLoader(TenantLoader[uuid.UUID, list[InvoiceLine]]):
    """Each invoice's lines (with taxes) in position order."""

    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[list[InvoiceLine]]:
        rows = await InvoiceRepository.of(work).lines_of(keys)
        return grouped_by_key(rows, keys, lambda row: row.invoice_id)


class PaymentsByInvoiceIdLoader(TenantLoader[uuid.UUID, list[InvoicePayment]]):
    """Each invoice's payments by payment date."""

    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[list[InvoicePayment]]:
        rows = await InvoiceRepository.of(work).payments_of(keys)
        return grouped_by_key(rows, keys, lambda row: row.invoice_id)


class CreditNotesByInvoiceIdLoader(TenantLoader[uuid.UUID, list[Invoice]]):
    """The credit notes written against each invoice, oldest first."""

    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[list[Invoice]]:
        rows = await InvoiceRepository.of(work).credit_notes_of(keys)
        # Every credit note the query returns credits one of `keys`.
        return grouped_by_key(rows, keys, lambda row: row.credited_invoice_id or uuid.UUID(int=0))
