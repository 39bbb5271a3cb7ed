"""Receivables aging in one statement: what each invoice still owed at the report date (its
total less the payments and credit notes dated up to then), bucketed by days past due and
summed per (client, currency), per client and overall with GROUPING SETS."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from financial_subgraph.client.models import Client
from financial_subgraph.invoice.models import Invoice, InvoicePayment

# Every status an issued invoice or credit note can be in until it is voided.
ISSUED_STATUSES = ("issued", "partially_paid", "paid")
BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "over_90")

# grouping(client_id, currency): which GROUPING SET a result row belongs to.
LEVEL_CLIENT_CURRENCY = 0
LEVEL_CLIENT = 1
LEVEL_TOTAL = 3


def _standing(document: Any, as_of: date) -> Any:
    """Issued by `as_of` and not void then: a document voided later still stood at `as_of`."""
    voided_on = cast(func.timezone("UTC", document.voided_at), Date)
    voided_later = and_(document.status == "void", voided_on > as_of)
    return and_(
        document.issue_date <= as_of, or_(document.status.in_(ISSUED_STATUSES), voided_later)
    )


def _balances_at(organization_id: uuid.UUID, as_of: date) -> Any:
    """Per invoice standing at `as_of`: its total less what was paid and credited by then."""
    paid = (
        select(InvoicePayment.invoice_id, func.sum(InvoicePayment.amount).label("amount"))
        .where(InvoicePayment.organization_id == organization_id, InvoicePayment.paid_on <= as_of)
        .group_by(InvoicePayment.invoice_id)
        .cte("paid")
    )
    credit_note = aliased(Invoice)
    credited = (
        select(
            credit_note.credited_invoice_id.label("invoice_id"),
            func.sum(credit_note.total).label("amount"),
        )
        .where(
            credit_note.organization_id == organization_id,
            credit_note.kind == "credit_note",
            _standing(credit_note, as_of),
        )
        .group_by(credit_note.credited_invoice_id)
        .cte("credited")
    )
    balance = Invoice.total - func.coalesce(paid.c.amount, 0) - func.coalesce(credited.c.amount, 0)
    return (
        select(Invoice.id, balance.label("balance"))
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.c.invoice_id == Invoice.id)
        .where(
            Invoice.organization_id == organization_id,
            Invoice.kind == "invoice",
            _standing(Invoice, as_of),
        )
        .cte("balances")
    )


async def aging_groups(
    session: AsyncSession, organization_id: uuid.UUID, as_of: date, base_minor_units: int
) -> Sequence[Any]:
    """(level, client_id, client_name, currency, bucket, balance, base_balance, invoices)."""
    # An invoice without a due date is due on issue (there are no payment terms to wait for).
    due_on = func.coalesce(Invoice.due_date, Invoice.issue_date)
    days_late = literal(as_of, Date) - due_on
    bucket = case(
        (days_late <= 0, BUCKETS[0]),
        (days_late <= 30, BUCKETS[1]),
        (days_late <= 60, BUCKETS[2]),
        (days_late <= 90, BUCKETS[3]),
        else_=BUCKETS[4],
    )
    balances = _balances_at(organization_id, as_of)
    # The booked receivable: the balance at the rate the invoice was issued at, rounded per
    # invoice (half away from zero, like currency.money.quantize).
    base_balance = func.round(
        balances.c.balance * func.coalesce(Invoice.exchange_rate, 1), base_minor_units
    )
    open_items = (
        select(
            Invoice.client_id,
            Client.name.label("client_name"),
            Invoice.currency,
            bucket.label("bucket"),
            balances.c.balance,
            base_balance.label("base_balance"),
        )
        .join(balances, balances.c.id == Invoice.id)
        .join(
            Client,
            and_(Client.id == Invoice.client_id, Client.organization_id == organization_id),
        )
        .where(Invoice.organization_id == organization_id, balances.c.balance > 0)
        .subquery()
    )
    item = open_items.c
    statement = (
        select(
            func.grouping(item.client_id, item.currency).label("level"),
            item.client_id,
            item.client_name,
            item.currency,
            item.bucket,
            func.sum(item.balance).label("balance"),
            func.sum(item.base_balance).label("base_balance"),
            func.count().label("invoices"),
        )
        .group_by(
            func.grouping_sets(
                tuple_(item.client_id, item.client_name, item.currency, item.bucket),
                tuple_(item.client_id, item.client_name, item.bucket),
                tuple_(item.bucket),
            )
        )
        .order_by(item.client_name, item.client_id, item.currency.nullsfirst(), item.bucket)
    )
    return (await session.execute(statement)).all()
