"""Recurring invoices end to end: real processes, through the router, tokens from auth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from dateutil.relativedelta import relativedelta

from devstack.factories.financial import create_client
from devstack.stack import Stack
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e


CREATE_SCHEDULE = """mutation($input: CreateRecurringInvoiceInput!) {
  createRecurringInvoice(input: $input) {
    __typename
    ... on RecurringInvoicePayload { recurringInvoice { id status nextRunOn upcomingDates } }
    ... on ScheduleError { code message field } } }"""

RUN = """mutation($asOf: Date) { runSchedules(asOf: $asOf) {
  ... on ScheduleRunResult { invoicesGenerated invoicesIssued remindersSent } } }"""

INVOICES = """{ invoices(first: 10) { edges { node {
  status number issueDate total client { name } } } } }"""

SCHEDULE = """query($id: ID!) { recurringInvoice(id: $id) {
  status generatedCount nextRunOn occurrences { occurrenceDate issued invoice { number } } } }"""

LIST = "{ recurringInvoices { edges { node { id } } } }"


async def test_a_recurring_schedule_run_issues_invoices_seen_in_the_invoice_list(
    running_stack: Stack,
) -> None:
    # Dates ahead of today, so the service's own background pass (as of today) never races
    # this test's runSchedules.
    start = datetime.now(UTC).date() + timedelta(days=30)
    second = start + relativedelta(months=1)
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        owner, stranger = await register(http, "grace"), await register(http, "mallory")
        client_id = (await create_client(http, owner, "Hopper Ltd"))["id"]
        line = {"description": "Support", "quantity": "2", "unitPrice": "50", "taxes": []}
        created = await graphql(
            http,
            CREATE_SCHEDULE,
            owner,
            input={
                "clientId": client_id,
                "frequency": "MONTHLY",
                "startOn": start.isoformat(),
                "endAfterCount": 2,
                "autoIssue": True,
                "lines": [line],
            },
        )
        schedule = created["data"]["createRecurringInvoice"]["recurringInvoice"]
        assert schedule["upcomingDates"] == [start.isoformat(), second.isoformat()]

        ran = await graphql(http, RUN, owner, asOf=second.isoformat())
        # The first invoice is due 30 days (the client's terms) after `start`: its default
        # reminder three days before that date falls on or before `second`, the next not.
        assert ran["data"]["runSchedules"] == {
            "invoicesGenerated": 2,
            "invoicesIssued": 2,
            "remindersSent": 1,
        }
        again = await graphql(http, RUN, owner, asOf=second.isoformat())
        assert again["data"]["runSchedules"]["invoicesGenerated"] == 0

        listed = await graphql(http, INVOICES, owner)
        invoices = [edge["node"] for edge in listed["data"]["invoices"]["edges"]]
        assert sorted(invoice["issueDate"] for invoice in invoices) == [
            start.isoformat(),
            second.isoformat(),
        ]
        assert {invoice["status"] for invoice in invoices} == {"ISSUED"}
        assert {invoice["total"] for invoice in invoices} == {"100.00"}
        assert {invoice["client"]["name"] for invoice in invoices} == {"Hopper Ltd"}
        assert len({invoice["number"] for invoice in invoices}) == 2

        state = await graphql(http, SCHEDULE, owner, id=schedule["id"])
        finished = state["data"]["recurringInvoice"]
        assert (finished["status"], finished["generatedCount"]) == ("FINISHED", 2)
        assert [o["invoice"]["number"] for o in finished["occurrences"]] == sorted(
            invoice["number"] for invoice in invoices
        )

        # Another organisation sees none of it.
        assert (await graphql(http, LIST, stranger))["data"]["recurringInvoices"]["edges"] == []
        assert (await graphql(http, INVOICES, stranger))["data"]["invoices"]["edges"] == []
        foreign = await graphql(http, SCHEDULE, stranger, id=schedule["id"])
        assert foreign["data"]["recurringInvoice"] is None
