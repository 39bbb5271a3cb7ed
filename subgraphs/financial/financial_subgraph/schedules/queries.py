"""Queries of recurring invoices and the reminder policy (financial:read)."""

from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.schedules.reminders import service as reminders
from financial_subgraph.schedules.service import schedule, schedules_page
from financial_subgraph.schedules.types import (
    RecurringInvoice,
    RecurringInvoiceConnection,
    RecurringInvoiceEdge,
    RecurringStatus,
    ReminderPolicy,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.cursors import created_at_cursor, decode_created_at, page_request
from service_runtime.ids import parse_uuid
from service_runtime.pagination import empty_page, page_of
from service_runtime.work import reading

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class ScheduleQuery:
    @strawberry.field(
        extensions=SCOPES.read, description="The organisation's recurring invoices, newest first."
    )
    async def recurring_invoices(
        self,
        info: Info,
        status: list[RecurringStatus] | None = None,
        client_id: strawberry.ID | None = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> RecurringInvoiceConnection:
        key = page_request(first, after, info.context.settings.max_page_size, decode_created_at)
        client = parse_uuid(client_id) if client_id is not None else None
        if client_id is not None and client is None:
            return RecurringInvoiceConnection(edges=[], page_info=empty_page())
        async with reading(info) as work:
            rows = await schedules_page(
                work.session,
                work.organization_id,
                statuses=[s.value for s in status or []],
                client_id=client,
                after=key,
                limit=first + 1,  # one more than asked tells whether another page follows
            )
        edges = [
            RecurringInvoiceEdge(cursor=created_at_cursor(row), node=RecurringInvoice.from_row(row))
            for row in rows
        ]
        page, page_info = page_of(edges, first)
        return RecurringInvoiceConnection(edges=page, page_info=page_info)

    @strawberry.field(
        extensions=SCOPES.read, description="One recurring invoice of the organisation."
    )
    async def recurring_invoice(self, info: Info, id: strawberry.ID) -> RecurringInvoice | None:
        schedule_id = parse_uuid(id)
        if schedule_id is None:
            return None
        async with reading(info) as work:
            row = await schedule(work.session, work.organization_id, schedule_id)
        return RecurringInvoice.from_row(row) if row else None

    @strawberry.field(extensions=SCOPES.read, description="When payment reminders fall due.")
    async def reminder_policy(self, info: Info) -> ReminderPolicy:
        async with reading(info) as work:
            offsets, is_default = await reminders.policy_with_origin(
                work.session, work.organization_id
            )
        return ReminderPolicy(offsets_days=list(offsets), is_default=is_default)
