"""Queries of recurring invoices and the reminder policy (financial:read)."""

from __future__ import annotations

import strawberry

from financial_subgraph.client.types import PageInfo
from financial_subgraph.context import Info
from financial_subgraph.schedules import reminders
from financial_subgraph.schedules.pagination import decode_cursor, encode_cursor
from financial_subgraph.schedules.repository import ScheduleRepository
from financial_subgraph.schedules.types import (
    RecurringInvoice,
    RecurringInvoiceConnection,
    RecurringInvoiceEdge,
    RecurringStatus,
    ReminderPolicy,
)
from service_runtime.cursors import page_request
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

READ = requires_scopes(["financial:read"])
DEFAULT_PAGE_SIZE = 20


@strawberry.type
class ScheduleQuery:
    @strawberry.field(
        extensions=READ, description="The organisation's recurring invoices, newest first."
    )
    async def recurring_invoices(
        self,
        info: Info,
        status: list[RecurringStatus] | None = None,
        client_id: strawberry.ID | None = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> RecurringInvoiceConnection:
        context = info.context
        organization_id = organization_of(context.principal)
        key = page_request(first, after, context.settings.max_page_size, decode_cursor)
        client = parse_uuid(client_id) if client_id is not None else None
        if client_id is not None and client is None:
            return RecurringInvoiceConnection(
                edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None)
            )
        async with context.database.read(organization_id=organization_id) as session:
            rows = await ScheduleRepository(session).page(
                organization_id,
                statuses=[s.value for s in status or []],
                client_id=client,
                after=key,
                limit=first + 1,  # one more than asked tells whether another page follows
            )
        edges = [
            RecurringInvoiceEdge(cursor=encode_cursor(row), node=RecurringInvoice.from_row(row))
            for row in rows
        ]
        page = edges[:first]
        end = page[-1].cursor if page else None
        return RecurringInvoiceConnection(
            edges=page, page_info=PageInfo(has_next_page=len(edges) > first, end_cursor=end)
        )

    @strawberry.field(extensions=READ, description="One recurring invoice of the organisation.")
    async def recurring_invoice(self, info: Info, id: strawberry.ID) -> RecurringInvoice | None:
        organization_id = organization_of(info.context.principal)
        schedule_id = parse_uuid(id)
        if schedule_id is None:
            return None
        async with info.context.database.read(organization_id=organization_id) as session:
            row = await ScheduleRepository(session).in_organization(organization_id, schedule_id)
        return RecurringInvoice.from_row(row) if row else None

    @strawberry.field(extensions=READ, description="When payment reminders fall due.")
    async def reminder_policy(self, info: Info) -> ReminderPolicy:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.read(organization_id=organization_id) as session:
            offsets, is_default = await reminders.policy_with_origin(session, organization_id)
        return ReminderPolicy(offsets_days=list(offsets), is_default=is_default)
