"""The schedule queries and mutations: results, typed errors, scopes, tenancy."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from ..conftest import GraphQL, TokenFactory, create_client
from .conftest import (
    CREATE_SCHEDULE,
    DELETE,
    GET_SCHEDULE,
    LIST_SCHEDULES,
    PAUSE,
    POLICY,
    RESUME,
    RUN,
    SET_POLICY,
    UPDATE_SCHEDULE,
    schedule_input,
)


async def _create(gql: GraphQL, bearer: str, **fields: Any) -> dict[str, Any]:
    body = await gql(CREATE_SCHEDULE, bearer=bearer, input=schedule_input(**fields))
    result: dict[str, Any] = body["data"]["createRecurringInvoice"]
    return result


async def test_a_member_creates_a_schedule_and_an_admin_run_makes_its_drafts(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    member, admin = token_for(org_a), token_for(org_a, "admin")
    client = await create_client(gql, member, name="Acme")

    created = await _create(gql, member, client_id=client["id"])

    schedule = created["recurringInvoice"]
    assert schedule["status"] == "ACTIVE"
    assert schedule["currency"] == "EUR"
    assert (schedule["netTotal"], schedule["taxTotal"], schedule["total"]) == (
        "100.00",
        "19.00",
        "119.00",
    )
    assert schedule["upcomingDates"] == ["2025-01-31", "2025-02-28", "2025-03-31"]
    assert schedule["client"] == {"id": client["id"], "name": "Acme"}
    assert schedule["lines"][0]["taxes"] == [
        {"name": "VAT", "rate": "19", "mode": "EXCLUSIVE", "compound": False}
    ]
    ran = (await gql(RUN, bearer=admin, asOf="2025-03-31"))["data"]["runSchedules"]
    assert ran == {
        "__typename": "ScheduleRunResult",
        "asOf": "2025-03-31",
        "invoicesGenerated": 3,
        "invoicesIssued": 0,
        "occurrencesFailed": 0,
        "remindersSent": 0,
        "remindersSuperseded": 0,
    }
    got = (await gql(GET_SCHEDULE, bearer=member, id=schedule["id"]))["data"]["recurringInvoice"]
    assert got["generatedCount"] == 3
    assert got["nextRunOn"] == "2025-04-30"
    assert [o["occurrenceDate"] for o in got["occurrences"]] == [
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
    ]
    assert {o["invoice"]["status"] for o in got["occurrences"]} == {"DRAFT"}
    assert {o["invoice"]["total"] for o in got["occurrences"]} == {"119.00"}


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"lines": []}, "NO_LINES", "lines"),
        ({"currency": "XYZ"}, "UNKNOWN_CURRENCY", "currency"),
        ({"client_id": str(uuid.uuid4())}, "CLIENT_NOT_FOUND", "clientId"),
        ({"client_id": "not-an-id"}, "CLIENT_NOT_FOUND", "clientId"),
        ({"interval": 0}, "INVALID_SCHEDULE", "interval"),
        ({"endAfterCount": 3, "endOn": "2025-12-31"}, "INVALID_SCHEDULE", "endOn"),
        ({"endOn": "2024-12-31"}, "INVALID_SCHEDULE", "endOn"),
        ({"endAfterCount": 0}, "INVALID_SCHEDULE", "endAfterCount"),
        ({"startOn": "1900-01-01"}, "DATE_OUT_OF_RANGE", "startOn"),
        ({"startOn": "1950-06-30"}, "DATE_OUT_OF_RANGE", "startOn"),
        ({"endOn": "2999-12-31"}, "DATE_OUT_OF_RANGE", "endOn"),
        ({"currency": "XXX"}, "UNKNOWN_CURRENCY", "currency"),
        (
            {
                "lines": [
                    {
                        "description": "Hosting",
                        "quantity": "1",
                        "unitPrice": "10",
                        "discount": {"kind": "AMOUNT", "value": "10.01"},
                    }
                ]
            },
            "DISCOUNT_TOO_LARGE",
            "lines[0].discount",
        ),
        (
            {"lines": [{"description": " ", "quantity": "1", "unitPrice": "1"}]},
            "INVALID_INPUT",
            "lines[0].description",
        ),
        (
            {"lines": [{"description": "Refund", "quantity": "1", "unitPrice": "-5"}]},
            "NEGATIVE_TOTAL",
            None,
        ),
    ],
)
async def test_bad_input_gets_a_typed_error_and_writes_nothing(
    gql: GraphQL,
    token_for: TokenFactory,
    org_a: uuid.UUID,
    overrides: dict[str, Any],
    code: str,
    field: str | None,
) -> None:
    member = token_for(org_a)
    client = await create_client(gql, member)
    fields = {"client_id": client["id"], **overrides}
    client_id = fields.pop("client_id")

    result = await gql(CREATE_SCHEDULE, bearer=member, input=schedule_input(client_id, **fields))

    error = result["data"]["createRecurringInvoice"]
    assert (error["__typename"], error["code"], error["field"]) == ("ScheduleError", code, field)
    listed = await gql(LIST_SCHEDULES, bearer=member)
    assert listed["data"]["recurringInvoices"]["edges"] == []


async def test_auto_issuing_schedules_need_an_admin(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    member, admin = token_for(org_a), token_for(org_a, "admin")
    client = await create_client(gql, member)

    refused = await _create(gql, member, client_id=client["id"], autoIssue=True)
    drafts = await _create(gql, member, client_id=client["id"])
    switched = await gql(
        UPDATE_SCHEDULE,
        bearer=member,
        id=drafts["recurringInvoice"]["id"],
        input={"autoIssue": True},
    )
    allowed = await _create(gql, admin, client_id=client["id"], autoIssue=True)

    assert (refused["code"], refused["field"]) == ("ADMIN_REQUIRED", "autoIssue")
    assert switched["data"]["updateRecurringInvoice"]["code"] == "ADMIN_REQUIRED"
    assert allowed["recurringInvoice"]["autoIssue"] is True
    ran = await gql(RUN, bearer=admin, asOf="2025-02-28")
    assert ran["data"]["runSchedules"]["invoicesIssued"] == 2
    assert ran["data"]["runSchedules"]["invoicesGenerated"] == 4


async def test_viewers_read_only_and_members_cannot_run_or_set_policy(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    viewer, member = token_for(org_a, "viewer"), token_for(org_a)
    client = await create_client(gql, member)

    by_viewer = await gql(CREATE_SCHEDULE, bearer=viewer, input=schedule_input(client["id"]))
    run_by_member = await gql(RUN, bearer=member)
    policy_by_member = await gql(SET_POLICY, bearer=member, offsets=[1])

    for body in (by_viewer, run_by_member, policy_by_member):
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listed = await gql(LIST_SCHEDULES, bearer=viewer)
    assert listed["data"]["recurringInvoices"]["edges"] == []


async def test_update_pause_resume_and_delete(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    member = token_for(org_a)
    client = await create_client(gql, member)
    schedule_id = (await _create(gql, member, client_id=client["id"]))["recurringInvoice"]["id"]

    updated = await gql(
        UPDATE_SCHEDULE,
        bearer=member,
        id=schedule_id,
        input={"frequency": "QUARTERLY", "startOn": "2030-01-15", "notes": "Thanks!"},
    )
    paused = await gql(PAUSE, bearer=member, id=schedule_id)
    paused_again = await gql(PAUSE, bearer=member, id=schedule_id)
    resumed = await gql(RESUME, bearer=member, id=schedule_id)
    deleted = await gql(DELETE, bearer=member, id=schedule_id)
    gone = await gql(GET_SCHEDULE, bearer=member, id=schedule_id)

    after_update = updated["data"]["updateRecurringInvoice"]["recurringInvoice"]
    assert after_update["upcomingDates"] == ["2030-01-15", "2030-04-15", "2030-07-15"]
    assert after_update["notes"] == "Thanks!"
    assert after_update["lines"][0]["description"] == "Hosting"
    assert paused["data"]["pauseRecurringInvoice"]["recurringInvoice"]["status"] == "PAUSED"
    assert paused_again["data"]["pauseRecurringInvoice"]["code"] == "INVALID_STATE"
    resumed_schedule = resumed["data"]["resumeRecurringInvoice"]["recurringInvoice"]
    assert (resumed_schedule["status"], resumed_schedule["nextRunOn"]) == ("ACTIVE", "2030-01-15")
    assert deleted["data"]["deleteRecurringInvoice"] == {
        "__typename": "DeleteRecurringInvoicePayload",
        "deletedId": schedule_id,
    }
    assert gone["data"]["recurringInvoice"] is None


async def test_reminder_policy_defaults_and_is_set_by_admins(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, "admin")

    default = await gql(POLICY, bearer=admin)
    bad = await gql(SET_POLICY, bearer=admin, offsets=[7, 7])
    too_far = await gql(SET_POLICY, bearer=admin, offsets=[400])
    set_ = await gql(SET_POLICY, bearer=admin, offsets=[30, -2, 10])
    now = await gql(POLICY, bearer=token_for(org_a, "viewer"))

    assert default["data"]["reminderPolicy"] == {"offsetsDays": [-3, 7, 30], "isDefault": True}
    assert bad["data"]["setReminderPolicy"]["code"] == "INVALID_POLICY"
    assert too_far["data"]["setReminderPolicy"]["code"] == "INVALID_POLICY"
    assert set_["data"]["setReminderPolicy"]["policy"]["offsetsDays"] == [-2, 10, 30]
    assert now["data"]["reminderPolicy"] == {"offsetsDays": [-2, 10, 30], "isDefault": False}


async def test_another_organisation_cannot_see_change_or_run_a_schedule(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    ours, theirs = token_for(org_a, "admin"), token_for(org_b, "admin")
    client = await create_client(gql, ours)
    schedule_id = (await _create(gql, ours, client_id=client["id"]))["recurringInvoice"]["id"]
    their_client = await create_client(gql, theirs)

    listed = await gql(LIST_SCHEDULES, bearer=theirs)
    got = await gql(GET_SCHEDULE, bearer=theirs, id=schedule_id)
    changed = await gql(UPDATE_SCHEDULE, bearer=theirs, id=schedule_id, input={"notes": "x"})
    paused = await gql(PAUSE, bearer=theirs, id=schedule_id)
    deleted = await gql(DELETE, bearer=theirs, id=schedule_id)
    ran = await gql(RUN, bearer=theirs, asOf="2025-06-30")
    with_our_client = await _create(gql, theirs, client_id=client["id"])

    assert listed["data"]["recurringInvoices"]["edges"] == []
    assert got["data"]["recurringInvoice"] is None
    assert changed["data"]["updateRecurringInvoice"]["code"] == "SCHEDULE_NOT_FOUND"
    assert paused["data"]["pauseRecurringInvoice"]["code"] == "SCHEDULE_NOT_FOUND"
    assert deleted["data"]["deleteRecurringInvoice"]["code"] == "SCHEDULE_NOT_FOUND"
    assert ran["data"]["runSchedules"]["invoicesGenerated"] == 0
    assert with_our_client["code"] == "CLIENT_NOT_FOUND"
    assert their_client["id"] != client["id"]
    mine = await gql(GET_SCHEDULE, bearer=ours, id=schedule_id)
    assert mine["data"]["recurringInvoice"]["generatedCount"] == 0
    assert mine["data"]["recurringInvoice"]["notes"] is None


async def test_the_list_pages_by_cursor_and_filters_by_status(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    member = token_for(org_a)
    client = await create_client(gql, member)
    ids = [
        (await _create(gql, member, client_id=client["id"], name=f"S{n}"))["recurringInvoice"]["id"]
        for n in range(3)
    ]
    await gql(PAUSE, bearer=member, id=ids[0])

    first = (await gql(LIST_SCHEDULES, bearer=member, first=2))["data"]["recurringInvoices"]
    rest = await gql(LIST_SCHEDULES, bearer=member, first=2, after=first["pageInfo"]["endCursor"])
    paused = await gql(LIST_SCHEDULES, bearer=member, status=["PAUSED"])

    assert first["pageInfo"]["hasNextPage"] is True
    page_two = rest["data"]["recurringInvoices"]
    assert [e["node"]["id"] for e in first["edges"] + page_two["edges"]] == ids[::-1]
    assert page_two["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["id"] for e in paused["data"]["recurringInvoices"]["edges"]] == [ids[0]]


LIST_DEEP = """query($first: Int!) { recurringInvoices(first: $first) { edges { node {
  id client { name } upcomingDates(count: 2) lines { description }
  occurrences { occurrenceDate invoice { id number total } } } } } }"""


async def test_a_page_costs_a_fixed_number_of_statements(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, financial_app: Any
) -> None:
    member, admin = token_for(org_a), token_for(org_a, "admin")
    for index in range(4):
        client = await create_client(gql, member, name=f"C{index}")
        await _create(gql, member, client_id=client["id"])
    await gql(RUN, bearer=admin, asOf="2025-02-28")
    engine = financial_app.state.runtime.database.engine.sync_engine
    counts = []
    for first in (1, 4):
        statements: list[str] = []

        def count(*args: Any, _statements: list[str] = statements) -> None:
            _statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            body = await gql(LIST_DEEP, bearer=member, first=first)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(body["data"]["recurringInvoices"]["edges"]) == first
        ran = [s for s in statements if "set_config" not in s and "outbox_events" not in s]
        counts.append(len(ran))
    # Schedules; their clients (+ contacts); their occurrences; those invoices.
    assert counts == [5, 5]


async def test_run_schedules_defaults_to_today_and_looks_at_most_a_year_ahead(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, "admin")
    today = datetime.now(UTC).date()

    plain = (await gql(RUN, bearer=admin))["data"]["runSchedules"]
    far = await gql(RUN, bearer=admin, asOf=(today + timedelta(days=400)).isoformat())

    assert plain["asOf"] == today.isoformat()
    assert far["data"]["runSchedules"] == {
        "__typename": "ScheduleError",
        "code": "INVALID_INPUT",
        "field": "asOf",
    }


async def test_run_schedules_does_not_run_as_of_a_far_past_date(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, "admin")
    ancient = await gql(RUN, bearer=admin, asOf="1900-01-01")
    assert ancient["data"]["runSchedules"] == {
        "__typename": "ScheduleError",
        "code": "DATE_OUT_OF_RANGE",
        "field": "asOf",
    }


async def test_an_update_cannot_move_a_schedule_far_away(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    member = token_for(org_a)
    client = await create_client(gql, member)
    schedule_id = (await _create(gql, member, client_id=client["id"]))["recurringInvoice"]["id"]
    moved = await gql(
        UPDATE_SCHEDULE, bearer=member, id=schedule_id, input={"startOn": "2999-01-01"}
    )
    error = moved["data"]["updateRecurringInvoice"]
    assert (error["code"], error["field"]) == ("DATE_OUT_OF_RANGE", "startOn")
    fetched = (await gql(GET_SCHEDULE, bearer=member, id=schedule_id))["data"]["recurringInvoice"]
    assert fetched["startOn"] == "2025-01-31"
