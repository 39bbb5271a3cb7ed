"""Profit and loss SQL: cash-basis amounts per month, rolled up the category tree in the
database (a recursive CTE gives every category its ancestors), plus the uncategorised lines
and the realised exchange differences of invoice payments."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import CTE, Date, Uuid, and_, cast, func, literal, not_, select
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.categorization.models import Category
from financial_subgraph.invoice.models import InvoicePayment

TRANSFER = "transfer"


def _month(column: Any) -> Any:
    return cast(func.date_trunc("month", column), Date)


def _paths(organization_id: uuid.UUID) -> CTE:
    """Every category with its depth and its ids from the root down to itself."""
    root_id: list[Any] = [Category.id]
    roots = select(
        Category.id,
        Category.parent_id,
        Category.name,
        Category.kind,
        literal(0).label("depth"),
        array(root_id, type_=Uuid).label("ancestors"),
    ).where(Category.organization_id == organization_id, Category.parent_id.is_(None))
    paths = roots.cte("paths", recursive=True)
    child = select(
        Category.id,
        Category.parent_id,
        Category.name,
        Category.kind,
        (paths.c.depth + 1).label("depth"),
        func.array_append(paths.c.ancestors, Category.id),
    ).where(Category.organization_id == organization_id, Category.parent_id == paths.c.id)
    # Walking down from the roots ends: every category has one parent, and the categorisation
    # domain refuses a move that would make a category its own ancestor.
    return paths.union_all(child)


def _booked(organization_id: uuid.UUID, start: date, end: date) -> CTE:
    """Base amounts per (category, month) of [start, end]."""
    month = _month(BankTransaction.booked_on)
    return (
        select(
            BankTransaction.category_id,
            month.label("month"),
            func.sum(BankTransaction.base_amount).label("amount"),
        )
        .where(
            BankTransaction.organization_id == organization_id,
            BankTransaction.booked_on.between(start, end),
            BankTransaction.category_id.is_not(None),
        )
        .group_by(BankTransaction.category_id, month)
        .cte("booked")
    )


async def category_months(
    session: AsyncSession, organization_id: uuid.UUID, start: date, end: date
) -> Sequence[Any]:
    """Per (income or expense category, month): the amount of its whole subtree (`amount`)
    and of the category alone (`own`). Categories without bookings below them are left out."""
    paths, booked = _paths(organization_id), _booked(organization_id, start, end)
    closure = select(
        paths.c.id.label("category_id"), func.unnest(paths.c.ancestors).label("ancestor_id")
    ).cte("closure")
    node = paths.alias("node")
    statement = (
        select(
            node.c.id,
            node.c.parent_id,
            node.c.name,
            node.c.kind,
            node.c.depth,
            booked.c.month,
            func.sum(booked.c.amount).label("amount"),
            func.coalesce(
                func.sum(booked.c.amount).filter(booked.c.category_id == node.c.id), 0
            ).label("own"),
        )
        .select_from(booked)
        .join(closure, closure.c.category_id == booked.c.category_id)
        .join(node, node.c.id == closure.c.ancestor_id)
        .where(node.c.kind != TRANSFER)
        .group_by(
            node.c.id,
            node.c.parent_id,
            node.c.name,
            node.c.kind,
            node.c.depth,
            booked.c.month,
        )
    )
    return (await session.execute(statement)).all()


async def uncategorised_months(
    session: AsyncSession, organization_id: uuid.UUID, start: date, end: date
) -> Sequence[Any]:
    """Per month: money in and money out (positive) without a category of the organisation."""
    known = select(Category.id).where(Category.organization_id == organization_id)
    month = _month(BankTransaction.booked_on)
    amount = BankTransaction.base_amount
    statement = (
        select(
            month.label("month"),
            func.coalesce(func.sum(amount).filter(amount > 0), 0).label("income"),
            func.coalesce(-func.sum(amount).filter(amount < 0), 0).label("expense"),
        )
        .where(
            BankTransaction.organization_id == organization_id,
            BankTransaction.booked_on.between(start, end),
            # No category, or one that is not this organisation's: nothing to file it under.
            (BankTransaction.category_id.is_(None)) | not_(BankTransaction.category_id.in_(known)),
        )
        .group_by(month)
    )
    return (await session.execute(statement)).all()


async def fx_months(
    session: AsyncSession, organization_id: uuid.UUID, start: date, end: date
) -> Sequence[Any]:
    """Per month: realised exchange gain (+) or loss (-) of invoice payments received."""
    month = _month(InvoicePayment.paid_on)
    statement = (
        select(month.label("month"), func.sum(InvoicePayment.realised_fx_gain_loss).label("amount"))
        .where(
            and_(
                InvoicePayment.organization_id == organization_id,
                InvoicePayment.paid_on.between(start, end),
            )
        )
        .group_by(month)
    )
    return (await session.execute(statement)).all()
