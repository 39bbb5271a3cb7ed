"""Recurring invoices: a schedule created and run through the router makes its invoice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from devstack.smoke.financial_checks import _owner_token
from devstack.smoke.runner import SmokeRun, check, expect

CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
    ... on ClientPayload { client { id } } } }"""
CREATE_SCHEDULE = """mutation($input: CreateRecurringInvoiceInput!) {
    createRecurringInvoice(input: $input) { __typename
      ... on RecurringInvoicePayload { recurringInvoice { id } }
      ... on ScheduleError { code message } } }"""
RUN = """mutation($asOf: Date) { runSchedules(asOf: $asOf) {
    ... on ScheduleRunResult { invoicesGenerated } } }"""


@check("recurring invoices: a schedule run makes a draft invoice")
async def recurring_invoice_run(run: SmokeRun) -> None:
    # A fresh organisation, and a date ahead of today the background pass never reaches.
    token = await _owner_token(run)
    start = (datetime.now(UTC).date() + timedelta(days=7)).isoformat()
    client = await run.graphql(
        CREATE_CLIENT, token=token, input={"name": "Smoke Recurring", "defaultCurrency": "EUR"}
    )
    line = {"description": "Smoke", "quantity": "1", "unitPrice": "10"}
    body = await run.graphql(
        CREATE_SCHEDULE,
        token=token,
        input={
            "clientId": client["data"]["createClient"]["client"]["id"],
            "frequency": "MONTHLY",
            "startOn": start,
            "lines": [line],
        },
    )
    result = body["data"]["createRecurringInvoice"]
    expect(result["__typename"] == "RecurringInvoicePayload", str(body))
    ran = await run.graphql(RUN, token=token, asOf=start)
    expect(ran["data"]["runSchedules"] == {"invoicesGenerated": 1}, str(ran))
    again = await run.graphql(RUN, token=token, asOf=start)
    expect(again["data"]["runSchedules"] == {"invoicesGenerated": 0}, str(again))
