"""Accounts-receivable aging: places the database's grouped sums into the report's shape."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.codes import minor_units
from financial_subgraph.currency.money import quantize
from financial_subgraph.organization.service import base_currency_of
from financial_subgraph.reports.aging.repository import (
    BUCKETS,
    LEVEL_CLIENT,
    LEVEL_CLIENT_CURRENCY,
    aging_groups,
)
from financial_subgraph.reports.aging.types import (
    AgingBuckets,
    AgingCurrencyGroup,
    ClientAging,
    ReceivablesAging,
)


def buckets(amounts: Mapping[str, Decimal], currency: str) -> AgingBuckets:
    values = {name: quantize(amounts.get(name, Decimal(0)), currency) for name in BUCKETS}
    return AgingBuckets(
        current=values["current"],
        days_1_to_30=values["days_1_30"],
        days_31_to_60=values["days_31_60"],
        days_61_to_90=values["days_61_90"],
        over_90=values["over_90"],
        total=sum(values.values(), Decimal(0)),
    )


class _Group:
    """Sums of one grouping set, bucket by bucket, as the database returned them."""

    def __init__(self) -> None:
        self.amounts: dict[str, Decimal] = {}
        self.base: dict[str, Decimal] = {}
        self.invoices = 0

    def add(self, row: Any) -> None:
        self.amounts[row.bucket] = row.balance
        self.base[row.bucket] = row.base_balance
        self.invoices += row.invoices


async def receivables_aging(
    session: AsyncSession, organization_id: uuid.UUID, as_of: date
) -> ReceivablesAging:
    """Open receivables of the organisation aged at `as_of` (two statements)."""
    base = await base_currency_of(session, organization_id)
    rows = await aging_groups(session, organization_id, as_of, minor_units(base))
    names: dict[uuid.UUID, str] = {}
    per_client: dict[uuid.UUID, _Group] = {}
    per_currency: dict[uuid.UUID, dict[str, _Group]] = {}
    total = _Group()
    for row in rows:
        if row.level == LEVEL_CLIENT_CURRENCY:
            groups = per_currency.setdefault(row.client_id, {})
            groups.setdefault(row.currency, _Group()).add(row)
        elif row.level == LEVEL_CLIENT:
            names[row.client_id] = row.client_name
            per_client.setdefault(row.client_id, _Group()).add(row)
        else:
            total.add(row)
    clients = [
        ClientAging(
            client_id=strawberry.ID(str(client_id)),
            client_name=names[client_id],
            base=buckets(group.base, base),
            currencies=[
                AgingCurrencyGroup(
                    currency=currency,
                    amounts=buckets(by_currency.amounts, currency),
                    base=buckets(by_currency.base, base),
                    invoice_count=by_currency.invoices,
                )
                for currency, by_currency in per_currency[client_id].items()
            ],
            invoice_count=group.invoices,
        )
        for client_id, group in per_client.items()
    ]
    return ReceivablesAging(
        as_of=as_of,
        base_currency=base,
        clients=clients,
        totals=buckets(total.base, base),
        invoice_count=total.invoices,
    )
