"""The fake GoCardless API speaks the protocol the official SDK expects (envelopes, errors,
idempotency), so the service's tests exercise the real SDK over real HTTP."""

from __future__ import annotations

import gocardless_pro
import httpx
import pytest
from gocardless_pro import errors

from devstack.fakes.gocardless import FakeGoCardless
from devstack.fakes.gocardless_state import API_VERSION, sign

TOKEN = "fake-gocardless-token-0123456789"


def sdk(fake: FakeGoCardless, token: str = TOKEN) -> gocardless_pro.Client:
    return gocardless_pro.Client(access_token=token, base_url=fake.state.public_url)


def mandate(client: gocardless_pro.Client, currency: str = "GBP") -> str:
    request = client.billing_requests.create(params={"mandate_request": {"currency": currency}})
    fulfilled = client.billing_requests.fulfil(request.id)
    mandate_id: str = fulfilled.links.mandate_request_mandate
    return mandate_id


def test_billing_request_flow_gives_an_authorisation_url(fake_gocardless: FakeGoCardless) -> None:
    client = sdk(fake_gocardless)
    request = client.billing_requests.create(params={"mandate_request": {"currency": "EUR"}})
    flow = client.billing_request_flows.create(
        params={"links": {"billing_request": request.id}, "redirect_uri": "https://app/ok"}
    )
    assert request.status == "pending"
    assert request.links.customer.startswith("CU")
    assert flow.authorisation_url.startswith(fake_gocardless.state.public_url)
    page = httpx.get(flow.authorisation_url)
    assert page.status_code == 200
    assert request.id in page.text


def test_same_idempotency_key_returns_the_first_payment(fake_gocardless: FakeGoCardless) -> None:
    client = sdk(fake_gocardless)
    params = {"amount": 1050, "currency": "GBP", "links": {"mandate": mandate(client)}}
    first = client.payments.create(params=params, headers={"Idempotency-Key": "k-1"})
    again = client.payments.create(params=params, headers={"Idempotency-Key": "k-1"})
    other = client.payments.create(params=params, headers={"Idempotency-Key": "k-2"})
    assert again.id == first.id != other.id
    assert len(fake_gocardless.state.of("payments")) == 2


def test_idempotency_conflict_has_the_documented_shape(fake_gocardless: FakeGoCardless) -> None:
    client = gocardless_pro.Client(
        access_token=TOKEN,
        base_url=fake_gocardless.state.public_url,
        raise_on_idempotency_conflict=True,
    )
    params = {"amount": 100, "currency": "GBP", "links": {"mandate": mandate(client)}}
    first = client.payments.create(params=params, headers={"Idempotency-Key": "same"})
    with pytest.raises(errors.IdempotentCreationConflictError) as raised:
        client.payments.create(params=params, headers={"Idempotency-Key": "same"})
    assert raised.value.conflicting_resource_id == first.id
    assert raised.value.type == "invalid_state"
    assert raised.value.code == 409


def test_bad_token_is_an_authentication_error(fake_gocardless: FakeGoCardless) -> None:
    with pytest.raises(errors.AuthenticationError):
        sdk(fake_gocardless, token="wrong-token-0123456789").payments.list()


def test_requests_without_the_version_header_are_refused(fake_gocardless: FakeGoCardless) -> None:
    url = f"{fake_gocardless.state.public_url}/payments"
    response = httpx.get(url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_api_usage"
    ok = httpx.get(
        url, headers={"Authorization": f"Bearer {TOKEN}", "GoCardless-Version": API_VERSION}
    )
    assert ok.status_code == 200
    assert ok.json()["payments"] == []


def test_invalid_payments_are_validation_errors(fake_gocardless: FakeGoCardless) -> None:
    client = sdk(fake_gocardless)
    mandate_id = mandate(client)
    with pytest.raises(errors.ValidationFailedError) as raised:
        client.payments.create(
            params={"amount": 0, "currency": "GBP", "links": {"mandate": mandate_id}}
        )
    assert raised.value.errors[0]["field"] == "amount"
    with pytest.raises(errors.ValidationFailedError):
        client.payments.create(
            params={"amount": 5, "currency": "EUR", "links": {"mandate": mandate_id}}
        )
    client.mandates.cancel(mandate_id)
    with pytest.raises(errors.InvalidStateError):
        client.payments.create(
            params={"amount": 5, "currency": "GBP", "links": {"mandate": mandate_id}}
        )


def test_only_pending_payments_can_be_cancelled(fake_gocardless: FakeGoCardless) -> None:
    client = sdk(fake_gocardless)
    params = {"amount": 700, "currency": "GBP", "links": {"mandate": mandate(client)}}
    payment = client.payments.create(params=params)
    assert client.payments.cancel(payment.id).status == "cancelled"
    with pytest.raises(errors.InvalidStateError):
        client.payments.cancel(payment.id)
    assert client.payments.get(payment.id).status == "cancelled"


def test_webhook_batches_are_signed_with_the_secret(fake_gocardless: FakeGoCardless) -> None:
    event = fake_gocardless.state.event("payments", "confirmed", {"payment": "PM1"})
    body, headers = fake_gocardless.state.webhook([event])
    assert headers["Webhook-Signature"] == sign(body, fake_gocardless.state.webhook_secret)
    parsed = gocardless_pro.webhooks.parse(
        body, fake_gocardless.state.webhook_secret, headers["Webhook-Signature"]
    )
    assert [e.id for e in parsed] == [event["id"]]
