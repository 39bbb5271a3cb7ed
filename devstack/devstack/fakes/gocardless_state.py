"""The fake GoCardless Pro API's memory: resources, idempotency keys, events and webhooks.

Kept apart from the HTTP layer (gocardless.py) so tests can drive it directly: move a payment
along, build a signed webhook batch, look at what was created.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

API_VERSION = "2015-07-06"
# Currency -> the scheme GoCardless collects it through.
SCHEMES = {
    "AUD": "becs",
    "CAD": "pad",
    "DKK": "betalingsservice",
    "EUR": "sepa_core",
    "GBP": "bacs",
    "NZD": "becs_nz",
    "SEK": "autogiro",
    "USD": "ach",
}
# Statuses a payment may be created against (the API's mandate_is_inactive rule).
CHARGEABLE_MANDATE = {"pending_customer_approval", "pending_submission", "submitted", "active"}
# Payment action (webhook) -> the status it leaves the payment in.
PAYMENT_ACTIONS = {
    "submitted": "submitted",
    "confirmed": "confirmed",
    "paid_out": "paid_out",
    "failed": "failed",
    "cancelled": "cancelled",
    "charged_back": "charged_back",
    "resubmission_requested": "pending_submission",
}
MANDATE_ACTIONS = {
    "submitted": "submitted",
    "active": "active",
    "cancelled": "cancelled",
    "failed": "failed",
    "expired": "expired",
}


class ApiProblem(Exception):  # noqa: N818 (an answer of the API, not a fault of ours)
    """An error the API answers with its JSON error envelope."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.errors = errors or [{"reason": type_, "message": message}]

    def envelope(self, request_id: str) -> dict[str, Any]:
        return {
            "error": {
                "type": self.type,
                "code": self.status,
                "message": self.message,
                "documentation_url": f"https://developer.gocardless.com/api-reference#{self.type}",
                "request_id": request_id,
                "errors": self.errors,
            }
        }


def validation_failed(field_name: str, message: str, envelope: str) -> ApiProblem:
    pointer = f"/{envelope}/{field_name}"
    errors = [{"field": field_name, "message": message, "request_pointer": pointer}]
    return ApiProblem(422, "validation_failed", "Validation failed", errors)


def not_found(kind: str, id_: str) -> ApiProblem:
    message = f"Resource not found: {kind} {id_}"
    return ApiProblem(
        404, "invalid_api_usage", message, [{"reason": "resource_not_found", "message": message}]
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sign(body: bytes, secret: str) -> str:
    """The Webhook-Signature header: hex HMAC-SHA256 of the raw body."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class FakeGoCardlessState:
    access_token: str
    webhook_secret: str
    public_url: str = "http://127.0.0.1"
    webhook_url: str | None = None
    resources: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # (resource kind, Idempotency-Key) -> the id created with it.
    idempotency: dict[tuple[str, str], str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    # Every webhook batch delivered: (url, status answered).
    deliveries: list[tuple[str, int]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    # The HTTP server answers from its own thread; tests read and drive from theirs.
    lock: threading.RLock = field(default_factory=threading.RLock)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):010d}"

    def of(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.resources.setdefault(kind, {})

    def get(self, kind: str, id_: str) -> dict[str, Any]:
        found = self.of(kind).get(id_)
        if found is None:
            raise not_found(kind, id_)
        return found

    def store(self, kind: str, resource: dict[str, Any], key: str | None) -> dict[str, Any]:
        if key is not None:
            self.idempotency[(kind, key)] = resource["id"]
        self.of(kind)[resource["id"]] = resource
        return resource

    def conflict(self, kind: str, key: str | None) -> ApiProblem | None:
        """The 409 the API answers when `key` already created a `kind`."""
        existing = self.idempotency.get((kind, key)) if key is not None else None
        if existing is None:
            return None
        message = "A resource has already been created with this idempotency key"
        error = {
            "reason": "idempotent_creation_conflict",
            "message": message,
            "links": {"conflicting_resource_id": existing},
        }
        return ApiProblem(409, "invalid_state", message, [error])

    # -- resources ---------------------------------------------------------------------------
    def create_customer(self, attrs: dict[str, Any], key: str | None = None) -> dict[str, Any]:
        customer = {
            "id": self.new_id("CU"),
            "created_at": now_iso(),
            "email": attrs.get("email"),
            "given_name": attrs.get("given_name"),
            "family_name": attrs.get("family_name"),
            "company_name": attrs.get("company_name"),
            "country_code": attrs.get("country_code"),
            "language": attrs.get("language", "en"),
            "metadata": attrs.get("metadata") or {},
        }
        return self.store("customers", customer, key)

    def create_billing_request(self, attrs: dict[str, Any], key: str | None) -> dict[str, Any]:
        mandate_request = attrs.get("mandate_request")
        if not isinstance(mandate_request, dict):
            raise validation_failed("mandate_request", "is required", "billing_requests")
        currency = mandate_request.get("currency")
        if currency not in SCHEMES:
            raise validation_failed(
                "mandate_request.currency", "is not supported", "billing_requests"
            )
        links = attrs.get("links") or {}
        customer_id = links.get("customer")
        if customer_id is not None:
            self.get("customers", customer_id)
        else:
            customer_id = self.create_customer({})["id"]
        request = {
            "id": self.new_id("BRQ"),
            "created_at": now_iso(),
            "status": "pending",
            "mandate_request": {
                "currency": currency,
                "scheme": mandate_request.get("scheme") or SCHEMES[currency],
                "verify": mandate_request.get("verify", "recommended"),
                "links": {},
            },
            "payment_request": None,
            "metadata": attrs.get("metadata") or {},
            "links": {"customer": customer_id, "creditor": "CR0000000001"},
            "actions": [
                {"type": "collect_customer_details", "required": True, "status": "pending"},
                {"type": "collect_bank_account", "required": True, "status": "pending"},
            ],
        }
        return self.store("billing_requests", request, key)

    def create_flow(self, attrs: dict[str, Any], key: str | None) -> dict[str, Any]:
        billing_request_id = (attrs.get("links") or {}).get("billing_request")
        if not billing_request_id:
            raise validation_failed("links.billing_request", "is required", "billing_request_flows")
        self.get("billing_requests", billing_request_id)
        flow_id = self.new_id("BRF")
        flow = {
            "id": flow_id,
            "created_at": now_iso(),
            "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
            "authorisation_url": f"{self.public_url}/billing/static/flow?id={flow_id}",
            "redirect_uri": attrs.get("redirect_uri"),
            "exit_uri": attrs.get("exit_uri"),
            "auto_fulfil": attrs.get("auto_fulfil", True),
            "lock_currency": attrs.get("lock_currency", False),
            "links": {"billing_request": billing_request_id},
        }
        return self.store("billing_request_flows", flow, key)

    def fulfil(self, billing_request_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The payer finished the flow: a bank account and a mandate exist. Returns the
        billing request and the events GoCardless would send."""
        request = self.get("billing_requests", billing_request_id)
        if request["status"] == "fulfilled":
            raise ApiProblem(422, "invalid_state", "Billing request is already fulfilled")
        if request["status"] == "cancelled":
            raise ApiProblem(422, "invalid_state", "Billing request is cancelled")
        currency = request["mandate_request"]["currency"]
        mandate = {
            "id": self.new_id("MD"),
            "created_at": now_iso(),
            "reference": f"FAKE-{len(self.of('mandates')) + 1:06d}",
            "scheme": request["mandate_request"]["scheme"],
            "status": "pending_submission",
            "next_possible_charge_date": (date.today() + timedelta(days=3)).isoformat(),
            "metadata": {},
            "links": {
                "customer": request["links"]["customer"],
                "customer_bank_account": self.new_id("BA"),
                "creditor": "CR0000000001",
            },
            # Not an API field: the fake remembers which currency the mandate collects.
            "_currency": currency,
        }
        self.store("mandates", mandate, None)
        request["status"] = "fulfilled"
        request["mandate_request"]["links"] = {"mandate": mandate["id"]}
        request["links"]["mandate_request_mandate"] = mandate["id"]
        for action in request["actions"]:
            action["status"] = "completed"
        events = [
            self.event(
                "billing_requests",
                "fulfilled",
                {
                    "billing_request": billing_request_id,
                    "mandate_request_mandate": mandate["id"],
                    "customer": request["links"]["customer"],
                },
            ),
            self.event("mandates", "created", {"mandate": mandate["id"]}),
        ]
        return request, events

    def create_payment(self, attrs: dict[str, Any], key: str | None) -> dict[str, Any]:
        amount = attrs.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise validation_failed("amount", "must be an integer of at least 1", "payments")
        currency = attrs.get("currency")
        if currency not in SCHEMES:
            raise validation_failed("currency", "is not a supported currency", "payments")
        mandate_id = (attrs.get("links") or {}).get("mandate")
        if not mandate_id:
            raise validation_failed("links.mandate", "is required", "payments")
        mandate = self.get("mandates", mandate_id)
        if mandate["status"] not in CHARGEABLE_MANDATE:
            raise ApiProblem(
                422,
                "invalid_state",
                "The mandate is not active",
                [{"reason": "mandate_is_inactive", "message": "The mandate is not active"}],
            )
        if mandate["_currency"] != currency:
            raise validation_failed("currency", "must match the mandate's scheme", "payments")
        payment = {
            "id": self.new_id("PM"),
            "created_at": now_iso(),
            "charge_date": attrs.get("charge_date") or mandate["next_possible_charge_date"],
            "amount": amount,
            "amount_refunded": 0,
            "currency": currency,
            "description": attrs.get("description"),
            "reference": attrs.get("reference"),
            "metadata": attrs.get("metadata") or {},
            "status": "pending_submission",
            "scheme": mandate["scheme"],
            "retry_if_possible": attrs.get("retry_if_possible", True),
            "links": {"mandate": mandate_id, "creditor": "CR0000000001"},
        }
        self.store("payments", payment, key)
        self.event("payments", "created", {"payment": payment["id"]})
        return payment

    def cancel_payment(self, payment_id: str) -> dict[str, Any]:
        payment = self.get("payments", payment_id)
        if payment["status"] != "pending_submission":
            message = "Payment cannot be cancelled: it has been submitted to the banks"
            raise ApiProblem(
                422,
                "invalid_state",
                message,
                [{"reason": "cancellation_failed", "message": message}],
            )
        payment["status"] = "cancelled"
        self.event("payments", "cancelled", {"payment": payment_id}, cause="payment_cancelled")
        return payment

    def cancel_mandate(self, mandate_id: str) -> dict[str, Any]:
        mandate = self.get("mandates", mandate_id)
        if mandate["status"] in ("cancelled", "failed", "expired"):
            raise ApiProblem(
                422,
                "invalid_state",
                "Mandate is already cancelled",
                [
                    {
                        "reason": "mandate_already_cancelled",
                        "message": "Mandate is already cancelled",
                    }
                ],
            )
        mandate["status"] = "cancelled"
        self.event("mandates", "cancelled", {"mandate": mandate_id}, cause="mandate_cancelled")
        return mandate

    # -- events and webhooks -----------------------------------------------------------------
    def event(
        self, resource_type: str, action: str, links: dict[str, str], cause: str | None = None
    ) -> dict[str, Any]:
        event = {
            "id": self.new_id("EV"),
            "created_at": now_iso(),
            "resource_type": resource_type,
            "action": action,
            "links": links,
            "details": {
                "origin": "gocardless",
                "cause": cause or f"{resource_type.rstrip('s')}_{action}",
                "description": f"The {resource_type.rstrip('s')} is now {action}.",
            },
            "metadata": {},
        }
        self.events.append(event)
        return event

    def transition(self, kind: str, id_: str, action: str) -> dict[str, Any]:
        """Move a payment or mandate as the banks would, returning the event it causes."""
        table = PAYMENT_ACTIONS if kind == "payments" else MANDATE_ACTIONS
        if action not in table:
            raise validation_failed("action", f"must be one of {sorted(table)}", kind)
        resource = self.get(kind, id_)
        resource["status"] = table[action]
        return self.event(kind, action, {kind.rstrip("s"): id_})

    def webhook(self, events: list[dict[str, Any]]) -> tuple[bytes, dict[str, str]]:
        """A webhook batch as GoCardless sends it: raw body and headers, signed."""
        body = json.dumps({"events": events, "meta": {"webhook_id": self.new_id("WB")}}).encode()
        headers = {
            "Content-Type": "application/json",
            "Webhook-Signature": sign(body, self.webhook_secret),
            "User-Agent": "gocardless-webhook-service/1.1",
        }
        return body, headers


def public(resource: dict[str, Any]) -> dict[str, Any]:
    """A resource as the API shows it (without the fake's own bookkeeping keys)."""
    return {key: value for key, value in resource.items() if not key.startswith("_")}
