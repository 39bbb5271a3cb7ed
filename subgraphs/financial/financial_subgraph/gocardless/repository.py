"""All SQL of the GoCardless domain. Every tenant query names its organisation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.gocardless.models import (
    BankDataConnection,
    GoCardlessPayment,
    MandateLink,
    ProcessedEvent,
    ResourceOwner,
)
from service_runtime.repository import Repository


class MandateLinkRepository(Repository[MandateLink]):
    model = MandateLink

    async def of_client(
        self, organization_id: uuid.UUID, client_id: uuid.UUID
    ) -> MandateLink | None:
        statement = select(MandateLink).where(
            MandateLink.organization_id == organization_id, MandateLink.client_id == client_id
        )
        return await self.session.scalar(statement.with_for_update())

    async def by_clients(
        self, organization_id: uuid.UUID, client_ids: Sequence[uuid.UUID]
    ) -> list[MandateLink]:
        statement = select(MandateLink).where(
            MandateLink.organization_id == organization_id, MandateLink.client_id.in_(client_ids)
        )
        return list((await self.session.scalars(statement)).all())

    async def by_gocardless_id(
        self,
        organization_id: uuid.UUID,
        *,
        mandate_id: str | None = None,
        billing_request_id: str | None = None,
        customer_id: str | None = None,
    ) -> MandateLink | None:
        statement = select(MandateLink).where(MandateLink.organization_id == organization_id)
        if mandate_id is not None:
            statement = statement.where(MandateLink.mandate_id == mandate_id)
        elif billing_request_id is not None:
            statement = statement.where(MandateLink.billing_request_id == billing_request_id)
        else:
            statement = statement.where(MandateLink.customer_id == customer_id)
        return await self.session.scalar(statement.with_for_update())


class PaymentRepository(Repository[GoCardlessPayment]):
    model = GoCardlessPayment

    async def of_invoice(
        self, organization_id: uuid.UUID, invoice_id: uuid.UUID
    ) -> list[GoCardlessPayment]:
        statement = (
            select(GoCardlessPayment)
            .where(
                GoCardlessPayment.organization_id == organization_id,
                GoCardlessPayment.invoice_id == invoice_id,
            )
            .order_by(GoCardlessPayment.created_at, GoCardlessPayment.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def by_invoices(
        self, organization_id: uuid.UUID, invoice_ids: Sequence[uuid.UUID]
    ) -> list[GoCardlessPayment]:
        statement = (
            select(GoCardlessPayment)
            .where(
                GoCardlessPayment.organization_id == organization_id,
                GoCardlessPayment.invoice_id.in_(invoice_ids),
            )
            .order_by(GoCardlessPayment.created_at, GoCardlessPayment.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID
    ) -> GoCardlessPayment | None:
        """The payment, locked (a cancellation and a webhook never interleave)."""
        statement = select(GoCardlessPayment).where(
            GoCardlessPayment.organization_id == organization_id, GoCardlessPayment.id == id_
        )
        return await self.session.scalar(statement.with_for_update())

    async def by_gocardless_id(
        self, organization_id: uuid.UUID, gocardless_id: str
    ) -> GoCardlessPayment | None:
        statement = select(GoCardlessPayment).where(
            GoCardlessPayment.organization_id == organization_id,
            GoCardlessPayment.gocardless_id == gocardless_id,
        )
        return await self.session.scalar(statement.with_for_update())

    async def by_idempotency_key(
        self, organization_id: uuid.UUID, key: str
    ) -> GoCardlessPayment | None:
        statement = select(GoCardlessPayment).where(
            GoCardlessPayment.organization_id == organization_id,
            GoCardlessPayment.idempotency_key == key,
        )
        return await self.session.scalar(statement)


class EventRepository(Repository[ProcessedEvent]):
    model = ProcessedEvent

    async def claim(self, event: ProcessedEvent) -> bool:
        """Record `event` as processed; False when its id was processed before."""
        values = {
            "id": event.id,
            "organization_id": event.organization_id,
            "resource_type": event.resource_type,
            "action": event.action,
            "resource_id": event.resource_id,
            "outcome": event.outcome,
        }
        statement = insert(ProcessedEvent).values(**values).on_conflict_do_nothing()
        result = await self.session.execute(statement.returning(ProcessedEvent.id))
        return result.scalar() is not None

    async def processed_among(
        self, organization_id: uuid.UUID, event_ids: Sequence[str]
    ) -> set[str]:
        statement = select(ProcessedEvent.id).where(
            ProcessedEvent.organization_id == organization_id, ProcessedEvent.id.in_(event_ids)
        )
        return set((await self.session.scalars(statement)).all())

    async def set_outcome(self, event_id: str, outcome: str) -> None:
        statement = update(ProcessedEvent).where(ProcessedEvent.id == event_id)
        await self.session.execute(statement.values(outcome=outcome))


class OwnerRepository(Repository[ResourceOwner]):
    model = ResourceOwner

    async def remember(self, gocardless_id: str, organization_id: uuid.UUID, kind: str) -> None:
        statement = insert(ResourceOwner).values(
            gocardless_id=gocardless_id, organization_id=organization_id, resource_type=kind
        )
        await self.session.execute(statement.on_conflict_do_nothing())

    async def owners_of(self, gocardless_ids: Sequence[str]) -> dict[str, uuid.UUID]:
        statement = select(ResourceOwner.gocardless_id, ResourceOwner.organization_id).where(
            ResourceOwner.gocardless_id.in_(gocardless_ids)
        )
        return {
            row.gocardless_id: row.organization_id for row in await self.session.execute(statement)
        }


class BankDataConnectionRepository(Repository[BankDataConnection]):
    model = BankDataConnection

    async def of_account(
        self, organization_id: uuid.UUID, bank_account_id: uuid.UUID
    ) -> BankDataConnection | None:
        statement = select(BankDataConnection).where(
            BankDataConnection.organization_id == organization_id,
            BankDataConnection.bank_account_id == bank_account_id,
        )
        # Writers hold the bank account's row lock (syncs into one account run one at a time).
        return await self.session.scalar(statement)
