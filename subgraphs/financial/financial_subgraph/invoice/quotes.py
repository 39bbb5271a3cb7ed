"""Quotes: the client's answer, and conversion into a draft invoice."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.invoice.drafts import create_draft, data_of
from financial_subgraph.invoice.errors import InvoiceError, InvoiceErrorCode, invoice_error
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.repository import InvoiceRepository
from service_runtime.rejection import Rejected

CONVERTIBLE = ("draft", "sent", "accepted")


async def _quote(
    session: AsyncSession, organization_id: uuid.UUID, quote_id: uuid.UUID
) -> Invoice | InvoiceError:
    quote = await InvoiceRepository(session, organization_id).get(quote_id, lock=True)
    if quote is None or quote.kind != "quote":
        return invoice_error(InvoiceErrorCode.INVOICE_NOT_FOUND, "No such quote.")
    return quote


async def set_quote_response(
    session: AsyncSession, organization_id: uuid.UUID, quote_id: uuid.UUID, *, accepted: bool
) -> Invoice | InvoiceError:
    """Record the client's acceptance or refusal of a sent quote."""
    quote = await _quote(session, organization_id, quote_id)
    if isinstance(quote, InvoiceError):
        return quote
    if quote.status != "sent":
        message = f"Only a sent quote can be accepted or declined; this one is {quote.status}."
        return invoice_error(InvoiceErrorCode.INVALID_STATE, message)
    quote.status = "accepted" if accepted else "declined"
    await session.flush()
    return quote


async def convert_quote(
    session: AsyncSession, organization_id: uuid.UUID, quote_id: uuid.UUID
) -> Invoice | InvoiceError:
    """A draft invoice with the quote's client, currency, terms and lines; the quote becomes
    converted and points at it. Returns the new invoice."""
    quote = await _quote(session, organization_id, quote_id)
    if isinstance(quote, InvoiceError):
        return quote
    if quote.status not in CONVERTIBLE:
        message = f"A {quote.status} quote cannot be converted."
        return invoice_error(InvoiceErrorCode.INVALID_STATE, message)
    invoice = await create_draft(
        session, organization_id, "invoice", data_of(quote), source_quote_id=quote.id
    )
    if isinstance(invoice, InvoiceError):
        # The quote was valid when saved; a client deleted since is the only way here.
        raise Rejected(invoice)
    quote.status = "converted"
    quote.converted_invoice_id = invoice.id
    await session.flush()
    return invoice
