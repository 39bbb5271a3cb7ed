"""HTTP routes of the GoCardless domain (not GraphQL): the webhook endpoint."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from financial_subgraph.gocardless.direct_debit import gateway
from financial_subgraph.gocardless.direct_debit.webhook import (
    InvalidSignature,
    MalformedWebhook,
    process_events,
    verified_events,
)
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database
from service_runtime.logging import get_logger

log = get_logger(__name__)
WEBHOOK_PATH = "/webhooks/gocardless"
# GoCardless answers a bad signature with 498 "Invalid Token" and so do we (its docs' advice).
INVALID_TOKEN = 498
# A batch is at most a few hundred events; anything far larger is not from GoCardless.
MAX_BODY_BYTES = 2_000_000


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def gocardless_routes(database: Database, settings: FinancialSettings) -> APIRouter:
    router = APIRouter()

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def gocardless_webhook(request: Request) -> JSONResponse:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _error(413, "PAYLOAD_TOO_LARGE", "The webhook body is too large.")
        try:
            events = verified_events(body, request.headers.get("webhook-signature"), settings)
        except InvalidSignature:
            log.warning("gocardless_webhook_bad_signature")
            return _error(INVALID_TOKEN, "INVALID_SIGNATURE", "Webhook-Signature does not match.")
        except MalformedWebhook as error:
            return _error(400, "MALFORMED_WEBHOOK", str(error))
        try:
            report = await process_events(database, settings, events)
        except gateway.GatewayError as error:
            # Finding an event's owner needed the API and it failed: GoCardless retries later;
            # the events applied so far are recorded and will be skipped then.
            log.warning("gocardless_webhook_deferred", reason=error.message)
            return _error(503, error.code, "Try again later.")
        return JSONResponse(report.as_dict())

    return router
