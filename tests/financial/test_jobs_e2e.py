"""Background jobs end to end: a mutation enqueues a job, the financial worker process runs it,
the client polls `job` through the router until it succeeded; tenant-scoped and permissioned."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from devstack.testing import join_as
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e
POLL_TIMEOUT_SECONDS = 60

CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  ... on ClientPayload { client { id } } } }"""
CREATE_SCHEDULE = """mutation($input: CreateRecurringInvoiceInput!) {
  createRecurringInvoice(input: $input) {
    ... on RecurringInvoicePayload { recurringInvoice { id } } } }"""
START = """mutation($asOf: Date) { startScheduleRun(asOf: $asOf) { __typename
  ... on JobPayload { job { id kind status progress attempts maxAttempts } }
  ... on ScheduleError { code field } } }"""
JOB = """query($id: ID!) { job(id: $id) { id kind status progress progressMessage attempts
  cancelRequested result error { code message } startedAt finishedAt } }"""
CANCEL = """mutation($id: ID!) { cancelJob(id: $id) { __typename
  ... on JobPayload { job { status } } ... on JobError { code message } } }"""
INVOICES = "{ invoices(first: 10) { edges { node { status issueDate } } } }"


async def due_schedule(http: httpx.AsyncClient, token: str, start: str) -> None:
    client = await graphql(
        http, CREATE_CLIENT, token, input={"name": "Lovelace Ltd", "defaultCurrency": "EUR"}
    )
    line = {"description": "Analysis", "quantity": "1", "unitPrice": "80", "taxes": []}
    schedule = {
        "clientId": client["data"]["createClient"]["client"]["id"],
        "frequency": "MONTHLY",
        "startOn": start,
        "endAfterCount": 1,
        "autoIssue": True,
        "lines": [line],
    }
    created = await graphql(http, CREATE_SCHEDULE, token, input=schedule)
    assert created["data"]["createRecurringInvoice"]["recurringInvoice"]["id"]


async def poll_until_finished(http: httpx.AsyncClient, token: str, job_id: str) -> dict[str, Any]:
    async with asyncio.timeout(POLL_TIMEOUT_SECONDS):
        while True:
            job: dict[str, Any] = (await graphql(http, JOB, token, id=job_id))["data"]["job"]
            if job["status"] in {"SUCCEEDED", "FAILED", "CANCELLED"}:
                return job
            await asyncio.sleep(0.2)


async def test_a_schedule_run_job_started_by_a_mutation_succeeds_and_is_polled_through_the_router(
    running_stack: Stack,
) -> None:
    # Ahead of today, so the service's own background pass (as of today) never takes it.
    start = (datetime.now(UTC).date() + timedelta(days=20)).isoformat()
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        owner = await register(http, "ada")
        await due_schedule(http, owner, start)

        started = await graphql(http, START, owner, asOf=start)
        queued = started["data"]["startScheduleRun"]["job"]
        assert (queued["kind"], queued["status"], queued["attempts"]) == (
            "schedules.run",
            "QUEUED",
            0,
        )
        job = await poll_until_finished(http, owner, queued["id"])

        assert job["status"] == "SUCCEEDED", job
        assert (job["progress"], job["attempts"], job["error"]) == (1.0, 1, None)
        assert job["result"]["invoicesGenerated"] == job["result"]["invoicesIssued"] == 1
        assert job["startedAt"]
        assert job["finishedAt"]
        invoices = (await graphql(http, INVOICES, owner))["data"]["invoices"]["edges"]
        assert [edge["node"] for edge in invoices] == [{"status": "ISSUED", "issueDate": start}]
        finished = await graphql(http, CANCEL, owner, id=queued["id"])
        assert finished["data"]["cancelJob"]["code"] == "NOT_CANCELLABLE"


async def test_jobs_are_tenant_scoped_and_cancelling_needs_write(running_stack: Stack) -> None:
    later = (datetime.now(UTC).date() + timedelta(days=20)).isoformat()
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        owner, stranger = await register(http, "ada"), await register(http, "mallory")
        viewer = await join_as(http, owner, "VIEWER", "vera")
        started = await graphql(http, START, owner, asOf=later)
        job_id = started["data"]["startScheduleRun"]["job"]["id"]

        assert (await graphql(http, JOB, stranger, id=job_id))["data"]["job"] is None
        foreign = await graphql(http, CANCEL, stranger, id=job_id)
        assert foreign["data"]["cancelJob"]["code"] == "JOB_NOT_FOUND"
        seen = await graphql(http, JOB, viewer, id=job_id)
        assert seen["data"]["job"]["id"] == job_id
        refused = await graphql(http, CANCEL, viewer, id=job_id)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
        garbage = await graphql(http, CANCEL, owner, id="not-a-job")
        assert garbage["data"]["cancelJob"]["code"] == "JOB_NOT_FOUND"
        assert (await poll_until_finished(http, owner, job_id))["status"] == "SUCCEEDED"


async def test_a_refused_start_enqueues_nothing(running_stack: Stack) -> None:
    far = (datetime.now(UTC).date() + timedelta(days=800)).isoformat()
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        owner = await register(http, "ada")

        refused = await graphql(http, START, owner, asOf=far)

        assert refused["data"]["startScheduleRun"] == {
            "__typename": "ScheduleError", "code": "INVALID_INPUT", "field": "asOf",
        }  # fmt: skip
        admin_url = running_stack.database_urls["financial"]
        assert await count_jobs(admin_url) == 0


async def count_jobs(url: str) -> int:
    from service_runtime.database import Database

    database = Database(url, pool_size=1, max_overflow=0)
    try:
        async with database.write() as session:
            from sqlalchemy import text

            await session.execute(text("SELECT set_config('app.job_runner', 'on', true)"))
            return int(await session.scalar(text("SELECT count(*) FROM financial.jobs")) or 0)
    finally:
        await database.dispose()
