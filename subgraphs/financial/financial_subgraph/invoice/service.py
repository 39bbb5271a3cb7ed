"""Invoice rules: the public entry points other domains (bank matching, GoCardless, documents,
reports) call. Services never commit; the caller's transaction (a mutation's in_transaction) does.

Public functions (all take the session and the organisation id first; every lookup is scoped
to that organisation):
- `record_payment(session, organization_id, invoice_id, *, amount, paid_on, source,
  external_id=None, method=None, reference=None) -> InvoicePayment | InvoiceError`
  (payments.py): idempotent on (organisation, external_id); see its docstring.
- `reverse_payment(session, organization_id, payment_id, *, reversed_on, reason=None)` and
  `reverse_payment_by_external_id(...)` (payments.py): undo a payment (chargeback, late
  failure, a manual entry in error) with a negative mirror entry; the invoice is due again.
- `open_invoices(session, organization_id) -> list[Invoice]`: issued or partially paid
  invoices (kind "invoice"), the candidates for payment matching, by due date.
- `invoice_in_organization(session, organization_id, invoice_id) -> Invoice | None`: one
  invoice, quote or credit note with its lines and their taxes loaded.
- `is_overdue(invoice, today) -> bool` (status.py): overdue is derived, never stored.
- Drafts, issuing, voiding, quotes and credit notes: `create_draft`, `update_draft`,
  `delete_draft`,
  `issue_invoice`, `void_invoice`, `convert_quote`, `set_quote_response`,
  `create_credit_note` (drafts.py, issuing.py, quotes.py, credit_notes.py).

Row fields worth knowing (models.py): `kind` ("invoice" | "quote" | "credit_note"),
`status` ("draft" | "issued" | "partially_paid" | "paid" | "void"; quotes "draft" | "sent" |
"accepted" | "declined" | "converted"), `number` (None until issued), `client_id`,
`currency`, `issue_date`, `due_date`, `total`, `amount_paid`, `amount_credited`,
`balance_due` (Decimal at the currency's minor units), `base_currency`, `exchange_rate`,
`base_total` (at the issue date's rate), `lines` -> `InvoiceLine` (`description`,
`quantity`, `unit_price`, `net_amount`, `tax_amount`, `gross_amount`, `taxes` ->
`InvoiceLineTax` (`name`, `rate`, `mode`, `compound`, `amount`)).

Choices worth knowing:
- Balance = total - amount_paid - amount_credited; status follows it (paid at zero, whether
  by payments or credit notes, as Invoice Ninja applies credits as payments).
- Credit notes carry the credited amount as a positive total (NEGATIVE_TOTAL otherwise); they
  apply when issued and may never take an invoice's balance below zero.
- Deposits: an invoice may request `deposit_amount` by `deposit_due_date` (e.g. 30 % upfront);
  any payment counts toward it (GraphQL `deposit.paid`). There is no separate deposit kind:
  the deposit is part of the same invoice, so its number, taxes and balance stay one record.
- Recurring invoices and reminders live in the schedules package, which calls `create_draft`
  and `issue_invoice`.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.invoice.credit_notes import create_credit_note
from financial_subgraph.invoice.deletion import delete_draft
from financial_subgraph.invoice.drafts import DraftData, LineData, create_draft, update_draft
from financial_subgraph.invoice.issuing import issue_invoice, void_invoice
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.payments import (
    record_payment,
    reverse_payment,
    reverse_payment_by_external_id,
)
from financial_subgraph.invoice.quotes import convert_quote, set_quote_response
from financial_subgraph.invoice.repository import InvoiceFilter as InvoiceFilter  # for resolvers
from financial_subgraph.invoice.repository import InvoiceRepository
from financial_subgraph.invoice.status import is_overdue

__all__ = [
    "DraftData",
    "LineData",
    "convert_quote",
    "create_credit_note",
    "create_draft",
    "delete_draft",
    "invoice_in_organization",
    "is_overdue",
    "issue_invoice",
    "open_invoices",
    "record_payment",
    "reverse_payment",
    "reverse_payment_by_external_id",
    "set_quote_response",
    "update_draft",
    "void_invoice",
]


async def open_invoices(session: AsyncSession, organization_id: uuid.UUID) -> list[Invoice]:
    """Issued and partially paid invoices (not quotes or credit notes), by due date.

    Lines are not loaded (use `invoice_in_organization` for one with lines).
    """
    return await InvoiceRepository(session, organization_id).open_invoices()


async def invoice_in_organization(
    session: AsyncSession, organization_id: uuid.UUID, invoice_id: uuid.UUID
) -> Invoice | None:
    """The invoice (any kind) with lines and taxes, None when absent or another tenant's."""
    return await InvoiceRepository(session, organization_id).get(invoice_id)


async def invoices_page(
    session: AsyncSession,
    organization_id: uuid.UUID,
    where: InvoiceFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[Invoice]:
    """Up to `limit` of the organisation's invoices, newest first, after `after`."""
    return await InvoiceRepository(session, organization_id).page(where, after, limit)
