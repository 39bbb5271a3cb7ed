"""Credit notes: corrections of an issued invoice, which never changes itself."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.invoice.drafts import DraftData, LineData, create_draft, data_of
from financial_subgraph.invoice.errors import InvoiceError, not_found
from financial_subgraph.invoice.issuing import check_credit
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.repository import InvoiceRepository
from service_runtime.rejection import Rejected


async def create_credit_note(
    session: AsyncSession,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    *,
    lines: tuple[LineData, ...] | None,
    notes: str | None = None,
) -> Invoice | InvoiceError:
    """A draft credit note for an open invoice: `lines` credited (positive amounts), or the
    whole invoice when None. Its total may not exceed the invoice's balance due (checked
    again on issue, when the credit is applied)."""
    invoice = await InvoiceRepository(session, organization_id).get(invoice_id)
    if invoice is None or invoice.kind != "invoice":
        return not_found()
    template = data_of(invoice)
    data: DraftData = replace(
        template,
        notes=notes,
        terms=None,
        deposit_amount=None,
        deposit_due_date=None,
        lines=template.lines if lines is None else lines,
        discount=template.discount if lines is None else None,
    )
    credit_note = await create_draft(
        session, organization_id, "credit_note", data, credited_invoice_id=invoice.id
    )
    if isinstance(credit_note, InvoiceError):
        return credit_note
    error = check_credit(credit_note, invoice)
    if error is not None:
        raise Rejected(error)  # the draft was flushed already
    return credit_note
