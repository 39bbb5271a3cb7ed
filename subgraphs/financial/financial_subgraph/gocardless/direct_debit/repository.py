"""All SQL of the GoCardless domain. Tenant rows go through TenantRepository; the webhook's
event and owner tables are read before the organisation is known."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.gocardless.direct_debit.models import (
    GoCardlessPayment,
    MandateLink,
    ProcessedEvent,
    ResourceOwner,
)
from service_runtime.repository import Repository, TenantRepository


class MandateLinkRepository(TenantRepository[MandateLink]):
    model = MandateLink

    async def of_client(self, client_id: uuid.UUID) -> MandateLink | None:
        """The client's link, locked."""
        statement = self.scoped().where(MandateLink.client_id == client_id)
        return await self.session.scalar(statement.with_for_update())

    async def by_clients(self, client_ids: Sequence[uuid.UUID]) -> list[MandateLink]:
        statement = self.scoped().where(MandateLink.client_id.in_(client_ids))
        return list((await self.session.scalars(statement)).all())

    async def by_gocardless_id(
        self,
        *,
        mandate_id: str | None = None,
        billing_request_id: str | None = None,
        customer_id: str | None = None,
    ) -> MandateLink | None:
        statement = self.scoped()
        if mandate_id is not None:
            statement = statement.where(MandateLink.mandate_id == mandate_id)
        elif billing_request_id is not None:
            statement = statement.where(MandateLink.billing_request_id == billing_request_id)
        else:
            statement = statement.where(MandateLink.customer_id == customer_id)
        return await self.session.scalar(statement.with_for_update())


class PaymentRepository(TenantRepository[GoCardlessPayment]):
    model = GoCardlessPayment

    async def of_invoice(self, invoice_id: uuid.UUID) -> list[GoCardlessPayment]:
        statement = (
            self.scoped()
            .where(GoCardlessPayment.invoice_id == invoice_id)
            .order_by(GoCardlessPayment.created_at, GoCardlessPayment.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def for_update(self, id_: uuid.UUID) -> GoCardlessPayment | None:
        """The payment, locked (a cancellation and a webhook never interleave)."""
        statement = self.scoped().where(GoCardlessPayment.id == id_)
        return await self.session.scalar(statement.with_for_update())

    async def by_gocardless_id(self, gocardless_id: str) -> GoCardlessPayment | None:
        """The payment, locked."""
        statement = self.scoped().where(GoCardlessPayment.gocardless_id == gocardless_id)
        return await self.session.scalar(statement.with_for_update())


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
