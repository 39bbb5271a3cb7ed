"""All SQL of the invoice domain. Every query names the organisation (RLS is defence in depth)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from financial_subgraph.invoice.models import Invoice, InvoiceLine, InvoicePayment
from service_runtime.repository import TenantRepository

OPEN_STATUSES = ("issued", "partially_paid")


@dataclass(frozen=True)
class InvoiceFilter:
    statuses: tuple[str, ...] = ()
    kind: str | None = None
    client_id: uuid.UUID | None = None
    # True: only open invoices past their due date on `today`; False: only the others.
    overdue: bool | None = None
    today: date | None = None


class InvoiceRepository(TenantRepository[Invoice]):
    """The organisation's invoices, quotes and credit notes, and their lines and payments."""

    model = Invoice

    async def get(self, id_: uuid.UUID, *, lock: bool = False) -> Invoice | None:
        """The invoice with its lines and their taxes; `lock` takes a row lock (FOR UPDATE)."""
        statement = (
            self.scoped()
            .where(Invoice.id == id_)
            .options(selectinload(Invoice.lines).selectinload(InvoiceLine.taxes))
            .execution_options(populate_existing=True)
        )
        if lock:
            statement = statement.with_for_update(of=Invoice)
        row: Invoice | None = await self.session.scalar(statement)
        return row

    async def open_invoices(self) -> list[Invoice]:
        statement = (
            self.scoped()
            .where(Invoice.kind == "invoice", Invoice.status.in_(OPEN_STATUSES))
            .order_by(Invoice.due_date, Invoice.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def page(
        self, where: InvoiceFilter, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Invoice]:
        """Up to `limit` invoices, newest first by (created_at, id), strictly after `after`."""
        statement = self.scoped()
        if where.statuses:
            statement = statement.where(Invoice.status.in_(where.statuses))
        if where.kind is not None:
            statement = statement.where(Invoice.kind == where.kind)
        if where.client_id is not None:
            statement = statement.where(Invoice.client_id == where.client_id)
        if where.overdue is not None and where.today is not None:
            is_overdue = (
                Invoice.status.in_(OPEN_STATUSES)
                & (Invoice.kind == "invoice")
                & (Invoice.due_date < where.today)
            )
            statement = statement.where(is_overdue if where.overdue else ~is_overdue)
        if after is not None:
            statement = statement.where(tuple_(Invoice.created_at, Invoice.id) < tuple_(*after))
        statement = statement.order_by(Invoice.created_at.desc(), Invoice.id.desc()).limit(limit)
        return list((await self.session.scalars(statement)).all())

    async def lines_of(self, invoice_ids: Sequence[uuid.UUID]) -> list[InvoiceLine]:
        """The lines (with taxes) of every invoice in `invoice_ids`, by invoice and position."""
        statement = (
            select(InvoiceLine)
            .where(
                InvoiceLine.organization_id == self.organization_id,
                InvoiceLine.invoice_id.in_(invoice_ids),
            )
            .options(selectinload(InvoiceLine.taxes))
            .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
        )
        return list((await self.session.scalars(statement)).all())

    async def payments_of(self, invoice_ids: Sequence[uuid.UUID]) -> list[InvoicePayment]:
        statement = (
            select(InvoicePayment)
            .where(
                InvoicePayment.organization_id == self.organization_id,
                InvoicePayment.invoice_id.in_(invoice_ids),
            )
            .order_by(InvoicePayment.paid_on, InvoicePayment.created_at, InvoicePayment.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def credit_notes_of(self, invoice_ids: Sequence[uuid.UUID]) -> list[Invoice]:
        statement = (
            self.scoped()
            .where(Invoice.kind == "credit_note", Invoice.credited_invoice_id.in_(invoice_ids))
            .order_by(Invoice.created_at, Invoice.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def payment_by_external_id(self, external_id: str) -> InvoicePayment | None:
        statement = select(InvoicePayment).where(
            InvoicePayment.organization_id == self.organization_id,
            InvoicePayment.external_id == external_id,
        )
        row: InvoicePayment | None = await self.session.scalar(statement)
        return row

    async def payment(self, payment_id: uuid.UUID) -> InvoicePayment | None:
        statement = select(InvoicePayment).where(
            InvoicePayment.organization_id == self.organization_id, InvoicePayment.id == payment_id
        )
        row: InvoicePayment | None = await self.session.scalar(statement)
        return row

    async def reversal_of(self, payment_id: uuid.UUID) -> InvoicePayment | None:
        statement = select(InvoicePayment).where(
            InvoicePayment.organization_id == self.organization_id,
            InvoicePayment.reverses_payment_id == payment_id,
        )
        row: InvoicePayment | None = await self.session.scalar(statement)
        return row

    async def issue_share_in_base(self, invoice_id: uuid.UUID) -> Decimal:
        """The base amount at the issue rate of every payment so far (base - realised gain)."""
        statement = select(
            func.coalesce(
                func.sum(InvoicePayment.base_amount - InvoicePayment.realised_fx_gain_loss), 0
            )
        ).where(
            InvoicePayment.organization_id == self.organization_id,
            InvoicePayment.invoice_id == invoice_id,
        )
        return Decimal(await self.session.scalar(statement) or 0)
