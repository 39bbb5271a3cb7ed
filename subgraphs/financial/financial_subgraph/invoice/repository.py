"""All SQL of the invoice domain. Every query names the organisation (RLS is defence in depth)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import selectinload

from financial_subgraph.invoice.models import Invoice, InvoiceLine, InvoicePayment
from service_runtime.repository import Repository

OPEN_STATUSES = ("issued", "partially_paid")


@dataclass(frozen=True)
class InvoiceFilter:
    organization_id: uuid.UUID
    statuses: tuple[str, ...] = ()
    kind: str | None = None
    client_id: uuid.UUID | None = None
    # True: only open invoices past their due date on `today`; False: only the others.
    overdue: bool | None = None
    today: date | None = None


class InvoiceRepository(Repository[Invoice]):
    model = Invoice

    def _scoped(self, organization_id: uuid.UUID) -> Select[Invoice]:
        return select(Invoice).where(Invoice.organization_id == organization_id)

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID, *, lock: bool = False
    ) -> Invoice | None:
        """The invoice with its lines and their taxes; `lock` takes a row lock (FOR UPDATE)."""
        statement = (
            self._scoped(organization_id)
            .where(Invoice.id == id_)
            .options(selectinload(Invoice.lines).selectinload(InvoiceLine.taxes))
            .execution_options(populate_existing=True)
        )
        if lock:
            statement = statement.with_for_update(of=Invoice)
        row: Invoice | None = await self.session.scalar(statement)
        return row

    async def by_ids_in_organization(
        self, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
    ) -> list[Invoice | None]:
        rows = await self.session.scalars(self._scoped(organization_id).where(Invoice.id.in_(ids)))
        found = {row.id: row for row in rows}
        return [found.get(id_) for id_ in ids]

    async def open_invoices(self, organization_id: uuid.UUID) -> list[Invoice]:
        statement = (
            self._scoped(organization_id)
            .where(Invoice.kind == "invoice", Invoice.status.in_(OPEN_STATUSES))
            .order_by(Invoice.due_date, Invoice.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def page(
        self, where: InvoiceFilter, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Invoice]:
        """Up to `limit` invoices, newest first by (created_at, id), strictly after `after`."""
        statement = self._scoped(where.organization_id)
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

    async def lines_of(
        self, organization_id: uuid.UUID, invoice_ids: Sequence[uuid.UUID]
    ) -> list[InvoiceLine]:
        """The lines (with taxes) of every invoice in `invoice_ids`, by invoice and position."""
        statement = (
            select(InvoiceLine)
            .where(
                InvoiceLine.organization_id == organization_id,
                InvoiceLine.invoice_id.in_(invoice_ids),
            )
            .options(selectinload(InvoiceLine.taxes))
            .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
        )
        return list((await self.session.scalars(statement)).all())

    async def payments_of(
        self, organization_id: uuid.UUID, invoice_ids: Sequence[uuid.UUID]
    ) -> list[InvoicePayment]:
        statement = (
            select(InvoicePayment)
            .where(
                InvoicePayment.organization_id == organization_id,
                InvoicePayment.invoice_id.in_(invoice_ids),
            )
            .order_by(InvoicePayment.paid_on, InvoicePayment.created_at, InvoicePayment.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def credit_notes_of(
        self, organization_id: uuid.UUID, invoice_ids: Sequence[uuid.UUID]
    ) -> list[Invoice]:
        statement = (
            self._scoped(organization_id)
            .where(Invoice.kind == "credit_note", Invoice.credited_invoice_id.in_(invoice_ids))
            .order_by(Invoice.created_at, Invoice.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def payment_by_external_id(
        self, organization_id: uuid.UUID, external_id: str
    ) -> InvoicePayment | None:
        statement = select(InvoicePayment).where(
            InvoicePayment.organization_id == organization_id,
            InvoicePayment.external_id == external_id,
        )
        row: InvoicePayment | None = await self.session.scalar(statement)
        return row

    async def payment_in_organization(
        self, organization_id: uuid.UUID, payment_id: uuid.UUID
    ) -> InvoicePayment | None:
        statement = select(InvoicePayment).where(
            InvoicePayment.organization_id == organization_id, InvoicePayment.id == payment_id
        )
        row: InvoicePayment | None = await self.session.scalar(statement)
        return row

    async def reversal_of(
        self, organization_id: uuid.UUID, payment_id: uuid.UUID
    ) -> InvoicePayment | None:
        statement = select(InvoicePayment).where(
            InvoicePayment.organization_id == organization_id,
            InvoicePayment.reverses_payment_id == payment_id,
        )
        row: InvoicePayment | None = await self.session.scalar(statement)
        return row

    async def issue_share_in_base(
        self, organization_id: uuid.UUID, invoice_id: uuid.UUID
    ) -> Decimal:
        """The base amount at the issue rate of every payment so far (base - realised gain)."""
        statement = select(
            func.coalesce(
                func.sum(InvoicePayment.base_amount - InvoicePayment.realised_fx_gain_loss), 0
            )
        ).where(
            InvoicePayment.organization_id == organization_id,
            InvoicePayment.invoice_id == invoice_id,
        )
        return Decimal(await self.session.scalar(statement) or 0)
