"""Linking a client to a GoCardless mandate: the flow starts by mutation, the mandate
arrives by webhook (in whatever order GoCardless sends the events)."""

from __future__ import annotations

import uuid
from typing import Any

from devstack.testing import GraphQL

START = """mutation($clientId: ID!, $redirectUri: String) {
  startGoCardlessMandateSetup(clientId: $clientId, redirectUri: $redirectUri) {
    __typename ... on GoCardlessError { code field } } }"""


async def test_setup_returns_the_flow_url_and_a_pending_link(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    client_id = await world.client(org_a, "GBP")
    started = await world.start_setup(admin, client_id)
    assert started["__typename"] == "GoCardlessMandateSetupPayload"
    assert started["authorisationUrl"].startswith(world.fake.state.public_url)
    assert started["mandate"]["status"] == "setup_pending"
    assert started["mandate"]["usable"] is False
    billing_request = world.billing_request_of(started["authorisationUrl"])
    request = world.fake.state.get("billing_requests", billing_request)
    assert request["mandate_request"]["currency"] == "GBP"
    assert request["metadata"]["client_id"] == str(client_id)


async def test_mandate_becomes_usable_when_the_webhooks_arrive(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    client_id = await world.client(org_a)
    mandate_id = await world.active_mandate(admin, client_id)
    mandate = await world.mandate(admin, client_id)
    assert mandate["mandateId"] == mandate_id
    assert (mandate["status"], mandate["usable"]) == ("active", True)


async def test_mandate_events_overtaking_the_fulfilment_still_link(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    client_id = await world.client(org_a)
    started = await world.start_setup(admin, client_id)
    billing_request = world.billing_request_of(started["authorisationUrl"])
    request, (fulfilled, created) = world.fake.state.fulfil(billing_request)
    mandate_id = request["links"]["mandate_request_mandate"]
    active = world.fake.state.transition("mandates", mandate_id, "active")
    # mandates.active first, alone: the service finds the client through the customer.
    assert (await world.deliver([active])).json()["processed"] == 1
    assert (await world.mandate(admin, client_id))["status"] == "active"
    # The older events arrive later and must not move the mandate back.
    assert (await world.deliver([created, fulfilled])).status_code == 200
    mandate = await world.mandate(admin, client_id)
    assert (mandate["mandateId"], mandate["status"]) == (mandate_id, "active")


async def test_cancelled_mandate_can_be_set_up_again(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    client_id = await world.client(org_a)
    mandate_id = await world.active_mandate(admin, client_id)
    again = await world.start_setup(admin, client_id)
    assert again["code"] == "MANDATE_ALREADY_ACTIVE"
    cancelled = world.fake.state.transition("mandates", mandate_id, "cancelled")
    await world.deliver([cancelled])
    assert (await world.mandate(admin, client_id))["usable"] is False
    restarted = await world.start_setup(admin, client_id)
    assert restarted["__typename"] == "GoCardlessMandateSetupPayload"
    # The same GoCardless customer is reused for the new billing request.
    assert (
        restarted["mandate"]["customerId"] == (await world.mandate(admin, client_id))["customerId"]
    )


async def test_setup_refusals_are_typed(
    world: Any, gql: GraphQL, admin: str, org_a: uuid.UUID, org_b: uuid.UUID, token_for: Any
) -> None:
    yen_client = await world.client(org_a, "JPY")
    refused = await gql(START, bearer=admin, clientId=str(yen_client))
    assert refused["data"]["startGoCardlessMandateSetup"]["code"] == "UNSUPPORTED_CURRENCY"
    unknown = await gql(START, bearer=admin, clientId=str(uuid.uuid4()))
    assert unknown["data"]["startGoCardlessMandateSetup"]["code"] == "CLIENT_NOT_FOUND"
    other_org_client = await world.client(org_b)
    hidden = await gql(START, bearer=admin, clientId=str(other_org_client))
    assert hidden["data"]["startGoCardlessMandateSetup"]["code"] == "CLIENT_NOT_FOUND"
    client_id = await world.client(org_a)
    bad_uri = await gql(START, bearer=admin, clientId=str(client_id), redirectUri="javascript:x")
    assert bad_uri["data"]["startGoCardlessMandateSetup"] == {
        "__typename": "GoCardlessError",
        "code": "INVALID_INPUT",
        "field": "redirectUri",
    }
    assert world.fake.state.of("billing_requests") == {}


async def test_members_cannot_set_up_mandates(
    world: Any, gql: GraphQL, token_for: Any, org_a: uuid.UUID
) -> None:
    client_id = await world.client(org_a)
    body = await gql(START, bearer=token_for(org_a, role="member"), clientId=str(client_id))
    assert body["data"] is None
    assert body["errors"]
    assert world.fake.state.of("billing_requests") == {}


async def test_provider_outage_is_a_typed_error_and_writes_nothing(
    world: Any, gql: GraphQL, admin: str, org_a: uuid.UUID
) -> None:
    client_id = await world.client(org_a)
    world.fake.state.access_token = "rotated-token-0123456789"
    body = await gql(START, bearer=admin, clientId=str(client_id))
    assert body["data"]["startGoCardlessMandateSetup"]["code"] == "PROVIDER_REJECTED"
    assert await world.mandate(admin, client_id) is None


async def test_events_of_mandates_gocardless_does_not_know_are_skipped(world: Any) -> None:
    stranger = world.fake.state.event("mandates", "active", {"mandate": "MD_NOT_OURS"})
    response = await world.deliver([stranger])
    assert response.json() == {"processed": 0, "duplicates": 0, "unknown": 1}


async def test_webhook_needing_an_unreachable_api_is_deferred(world: Any) -> None:
    # Finding a new mandate's owner needs the API; refused now, GoCardless redelivers later.
    stranger = world.fake.state.event("mandates", "active", {"mandate": "MD_LATER"})
    world.fake.state.access_token = "rotated-token-0123456789"
    response = await world.deliver([stranger])
    assert response.status_code == 503
