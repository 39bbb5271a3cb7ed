"""Profit and loss: places the database's monthly sums into sections and lines."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.money import quantize
from financial_subgraph.organization.service import base_currency_of
from financial_subgraph.reports.pnl.repository import (
    category_months,
    fx_months,
    uncategorised_months,
)
from financial_subgraph.reports.pnl.types import (
    MonthAmount,
    ProfitAndLoss,
    ProfitAndLossLine,
    ProfitAndLossSection,
    ReportBasis,
)

INCOME, EXPENSE = "income", "expense"
UNCATEGORISED = {INCOME: "Uncategorised income", EXPENSE: "Uncategorised expenses"}


@dataclass
class _Line:
    category_id: uuid.UUID | None
    parent_id: uuid.UUID | None
    name: str
    depth: int
    amounts: dict[date, Decimal] = field(default_factory=dict)
    own: dict[date, Decimal] = field(default_factory=dict)


class _Shaper:
    """Turns sparse {month: amount} maps into full, rounded month lists."""

    def __init__(self, months: Sequence[date], currency: str) -> None:
        self.months, self.currency = months, currency

    def months_of(self, amounts: Mapping[date, Decimal]) -> list[MonthAmount]:
        return [
            MonthAmount(month=month, amount=quantize(amounts.get(month, Decimal(0)), self.currency))
            for month in self.months
        ]

    def total(self, amounts: Mapping[date, Decimal]) -> Decimal:
        return quantize(sum(amounts.values(), Decimal(0)), self.currency)

    def line(self, line: _Line) -> ProfitAndLossLine:
        return ProfitAndLossLine(
            category_id=_id(line.category_id),
            parent_id=_id(line.parent_id),
            name=line.name,
            depth=line.depth,
            months=self.months_of(line.amounts),
            total=self.total(line.amounts),
            own_months=self.months_of(line.own),
            own_total=self.total(line.own),
        )

    def section(self, lines: Sequence[_Line]) -> ProfitAndLossSection:
        sums = _add([line.amounts for line in lines if line.depth == 0])
        return ProfitAndLossSection(
            lines=[self.line(line) for line in lines],
            months=self.months_of(sums),
            total=self.total(sums),
        )


def _id(value: uuid.UUID | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


def _add(maps: Sequence[Mapping[date, Decimal]]) -> dict[date, Decimal]:
    sums: dict[date, Decimal] = {}
    for amounts in maps:
        for month, amount in amounts.items():
            sums[month] = sums.get(month, Decimal(0)) + amount
    return sums


def _tree_order(lines: Sequence[_Line]) -> list[_Line]:
    """Depth first, siblings by name (case-insensitive) then id, as the category tree lists
    them. Every line's parent is among `lines`: a parent's total includes its children."""
    children: dict[uuid.UUID | None, list[_Line]] = {}
    for line in sorted(lines, key=lambda line: (line.name.casefold(), str(line.category_id))):
        children.setdefault(line.parent_id, []).append(line)
    ordered: list[_Line] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        line = stack.pop()
        ordered.append(line)
        stack.extend(reversed(children.get(line.category_id, [])))
    return ordered


def _category_lines(rows: Sequence[Any]) -> dict[str, list[_Line]]:
    """Lines per kind in tree order; expenses turned positive."""
    lines: dict[uuid.UUID, _Line] = {}
    kinds: dict[str, list[_Line]] = {INCOME: [], EXPENSE: []}
    for row in rows:
        line = lines.get(row.id)
        if line is None:
            line = lines[row.id] = _Line(row.id, row.parent_id, row.name, row.depth)
            kinds[row.kind].append(line)
        # Spending shows positive (0 - x, not -x: no "-0.00" for an empty month).
        sign = -1 if row.kind == EXPENSE else 1
        line.amounts[row.month] = Decimal(0) + sign * row.amount
        line.own[row.month] = Decimal(0) + sign * row.own
    return {kind: _tree_order(section) for kind, section in kinds.items()}


def _uncategorised(rows: Sequence[Any], kind: str) -> _Line | None:
    amounts = {row.month: getattr(row, kind) for row in rows if getattr(row, kind)}
    if not amounts:
        return None
    return _Line(None, None, UNCATEGORISED[kind], 0, amounts, dict(amounts))


async def profit_and_loss(
    session: AsyncSession,
    organization_id: uuid.UUID,
    start: date,
    end: date,
    months: Sequence[date],
) -> ProfitAndLoss:
    """The organisation's cash-basis profit and loss for [start, end] (four statements)."""
    base = await base_currency_of(session, organization_id)
    sections = _category_lines(await category_months(session, organization_id, start, end))
    loose = await uncategorised_months(session, organization_id, start, end)
    for kind, lines in sections.items():
        line = _uncategorised(loose, kind)
        if line is not None:
            lines.append(line)
    fx = {row.month: row.amount for row in await fx_months(session, organization_id, start, end)}
    shape = _Shaper(months, base)
    income, expenses = shape.section(sections[INCOME]), shape.section(sections[EXPENSE])
    spent = {month.month: month.amount for month in expenses.months}
    net = {month.month: month.amount - spent[month.month] for month in income.months}
    return ProfitAndLoss(
        start=start,
        end=end,
        basis=ReportBasis.CASH,
        base_currency=base,
        months=list(months),
        income=income,
        expenses=expenses,
        net_result=shape.months_of(net),
        net_total=income.total - expenses.total,
        realised_fx_gain_loss=shape.months_of(fx),
        realised_fx_gain_loss_total=shape.total(fx),
    )
