"""Report fixtures: rows inserted directly (reports only read, so any valid row will do) and
a counter of the SQL statements a request runs."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event

from financial_subgraph.bank.models import BankAccount, BankTransaction
from financial_subgraph.categorization.models import Category
from financial_subgraph.client.models import Client
from financial_subgraph.invoice.models import Invoice, InvoicePayment
from service_runtime.database import Database


async def add_client(database: Database, organization_id: uuid.UUID, name: str) -> uuid.UUID:
    async with database.write(organization_id=organization_id) as session:
        client = Client(organization_id=organization_id, name=name, default_currency="EUR")
        session.add(client)
        await session.flush()
        return client.id


async def add_invoice(
    database: Database,
    organization_id: uuid.UUID,
    client_id: uuid.UUID,
    *,
    total: str,
    due_date: date | None,
    issue_date: date = date(2026, 1, 1),
    paid: str = "0",
    currency: str = "EUR",
    rate: str | None = None,
    status: str | None = None,
    kind: str = "invoice",
    credited_invoice_id: uuid.UUID | None = None,
    voided_at: datetime | None = None,
) -> uuid.UUID:
    """An issued invoice of `total`; `paid` received on the issue date, as a payment row
    (status follows unless given). A void document is voided at `voided_at` (default now)."""
    amount, received = Decimal(total), Decimal(paid)
    balance = amount - received
    if status is None:
        status = "paid" if balance == 0 else "partially_paid" if received else "issued"
    if status == "void":
        voided_at = voided_at or datetime.now(UTC)
        balance = Decimal(0)
    exchange_rate = Decimal(rate) if rate is not None else None
    async with database.write(organization_id=organization_id) as session:
        invoice = Invoice(
            organization_id=organization_id,
            kind=kind,
            status=status,
            number=f"INV-{uuid.uuid4().hex[:8]}",
            client_id=client_id,
            currency=currency,
            issue_date=issue_date,
            due_date=due_date,
            payment_terms_days=30,
            subtotal=amount,
            discount_total=Decimal(0),
            net_total=amount,
            tax_total=Decimal(0),
            total=amount,
            amount_paid=received,
            amount_credited=Decimal(0),
            balance_due=balance,
            base_currency="EUR",
            exchange_rate=exchange_rate,
            rate_date=issue_date,
            base_total=(amount * (exchange_rate or 1)).quantize(Decimal("0.01")),
            credited_invoice_id=credited_invoice_id,
            voided_at=voided_at,
        )
        session.add(invoice)
        await session.flush()
    if received:
        rate_then = str(exchange_rate or 1)
        await add_payment(
            database,
            organization_id,
            invoice.id,
            amount=paid,
            paid_on=issue_date,
            base_amount=str(received * Decimal(rate_then)),
            gain="0",
        )
    return invoice.id


async def add_payment(
    database: Database,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    *,
    amount: str,
    paid_on: date,
    base_amount: str,
    gain: str,
) -> None:
    async with database.write(organization_id=organization_id) as session:
        session.add(
            InvoicePayment(
                organization_id=organization_id,
                invoice_id=invoice_id,
                amount=Decimal(amount),
                paid_on=paid_on,
                source="manual",
                base_currency="EUR",
                exchange_rate=Decimal(base_amount) / Decimal(amount),
                base_amount=Decimal(base_amount),
                realised_fx_gain_loss=Decimal(gain),
            )
        )


async def add_account(
    database: Database,
    organization_id: uuid.UUID,
    name: str,
    *,
    currency: str = "EUR",
    opening_balance: str = "0",
) -> uuid.UUID:
    async with database.write(organization_id=organization_id) as session:
        account = BankAccount(
            organization_id=organization_id,
            name=name,
            currency=currency,
            opening_balance=Decimal(opening_balance),
        )
        session.add(account)
        await session.flush()
        return account.id


async def add_transaction(
    database: Database,
    organization_id: uuid.UUID,
    account_id: uuid.UUID,
    booked_on: date,
    amount: str,
    *,
    base_amount: str | None = None,
    currency: str = "EUR",
    category_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A booked line; `base_amount` defaults to `amount` (a base-currency account)."""
    base = Decimal(base_amount if base_amount is not None else amount)
    async with database.write(organization_id=organization_id) as session:
        transaction = BankTransaction(
            organization_id=organization_id,
            account_id=account_id,
            booked_on=booked_on,
            amount=Decimal(amount),
            currency=currency,
            description=f"line {amount}",
            content_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
            base_amount=base,
            base_currency="EUR",
            exchange_rate=base / Decimal(amount) if Decimal(amount) else Decimal(1),
            category_id=category_id,
        )
        session.add(transaction)
        await session.flush()
        return transaction.id


async def add_category(
    database: Database,
    organization_id: uuid.UUID,
    name: str,
    kind: str,
    parent_id: uuid.UUID | None = None,
) -> uuid.UUID:
    async with database.write(organization_id=organization_id) as session:
        category = Category(
            organization_id=organization_id, name=name, kind=kind, parent_id=parent_id
        )
        session.add(category)
        await session.flush()
        return category.id


@contextmanager
def statements_of(app: FastAPI) -> Iterator[list[str]]:
    """The SQL a request runs, without the tenant setting and the outbox relay's polling."""
    engine = app.state.runtime.database.engine.sync_engine
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)
    seen[:] = [s for s in seen if "set_config" not in s and "outbox_events" not in s]
