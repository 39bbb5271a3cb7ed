"""A fake GoCardless Pro API over HTTP, close enough to the wire protocol for the official
`gocardless_pro` SDK: JSON envelopes keyed by resource, the GoCardless-Version header, bearer
tokens, Idempotency-Key with the 409 `idempotent_creation_conflict` answer, error envelopes.

Test control (not part of the API) lives under /_fake: complete a billing-request flow as the
payer would, move payments and mandates along, and deliver signed webhook batches to the URL
set with PUT /_fake/config. `python -m devstack.fakes.gocardless --port 4010` serves it.
"""

from __future__ import annotations

import argparse
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from devstack.fakes.gocardless_state import (
    API_VERSION,
    ApiProblem,
    FakeGoCardlessState,
    public,
)

Handler = Callable[[Request], Awaitable[Response]]


def _problem_response(problem: ApiProblem) -> JSONResponse:
    return JSONResponse(problem.envelope(str(uuid.uuid4())), status_code=problem.status)


def _authorise(state: FakeGoCardlessState, request: Request) -> None:
    if request.headers.get("authorization") != f"Bearer {state.access_token}":
        message = "Access token not found"
        raise ApiProblem(
            401,
            "invalid_api_usage",
            message,
            [{"reason": "access_token_not_found", "message": message}],
        )
    if request.headers.get("gocardless-version") != API_VERSION:
        message = f"GoCardless-Version header must be {API_VERSION}"
        raise ApiProblem(
            400, "invalid_api_usage", message, [{"reason": "version_not_found", "message": message}]
        )


async def _document(request: Request, key: str) -> dict[str, Any]:
    """The request body's `key` envelope ({} for an action posted without a body)."""
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        raise ApiProblem(400, "invalid_api_usage", "Request body is not valid JSON") from None
    if body is None:
        return {}
    inner = body.get(key) if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        message = f"Request body must be an object under the '{key}' key"
        raise ApiProblem(
            400,
            "invalid_api_usage",
            message,
            [{"reason": "invalid_document_structure", "message": message}],
        )
    return inner


class FakeGoCardless:
    """The fake's HTTP app around its state (`fake.state`, also driven directly by tests)."""

    def __init__(self, access_token: str, webhook_secret: str, public_url: str = "") -> None:
        self.state = FakeGoCardlessState(access_token, webhook_secret, public_url=public_url)
        self.app = Starlette(routes=self._routes())

    # -- the API -----------------------------------------------------------------------------
    def _api(self, envelope: str, work: Callable[[Request], Awaitable[Any]]) -> Handler:
        async def handle(request: Request) -> Response:
            try:
                _authorise(self.state, request)
                result = await work(request)
            except ApiProblem as problem:
                return _problem_response(problem)
            status = 201 if request.method == "POST" and request.url.path.count("/") == 1 else 200
            return JSONResponse({envelope: result}, status_code=status)

        return handle

    def _create(
        self, kind: str, make: Callable[[dict[str, Any], str | None], dict[str, Any]]
    ) -> Handler:
        async def work(request: Request) -> Any:
            attrs = await _document(request, kind)
            key = request.headers.get("idempotency-key")
            with self.state.lock:
                conflict = self.state.conflict(kind, key)
                if conflict is not None:
                    raise conflict
                return public(make(attrs, key))

        return self._api(kind, work)

    def _get(self, kind: str) -> Handler:
        async def work(request: Request) -> Any:
            with self.state.lock:
                return public(self.state.get(kind, request.path_params["id"]))

        return self._api(kind, work)

    def _action(self, kind: str, act: Callable[[str], Any]) -> Handler:
        async def work(request: Request) -> Any:
            await _document(request, "data")
            with self.state.lock:
                return public(act(request.path_params["id"]))

        return self._api(kind, work)

    async def _list_payments(self, request: Request) -> Response:
        try:
            _authorise(self.state, request)
        except ApiProblem as problem:
            return _problem_response(problem)
        mandate = request.query_params.get("mandate")
        with self.state.lock:
            rows = [
                public(payment)
                for payment in self.state.of("payments").values()
                if mandate is None or payment["links"]["mandate"] == mandate
            ]
        meta = {"cursors": {"before": None, "after": None}, "limit": 50}
        return JSONResponse({"payments": rows, "meta": meta})

    def _fulfil(self, billing_request_id: str) -> dict[str, Any]:
        request, _events = self.state.fulfil(billing_request_id)
        return request

    def _cancel_billing_request(self, billing_request_id: str) -> dict[str, Any]:
        request = self.state.get("billing_requests", billing_request_id)
        if request["status"] == "fulfilled":
            raise ApiProblem(422, "invalid_state", "Billing request is already fulfilled")
        request["status"] = "cancelled"
        return request

    # -- test control ------------------------------------------------------------------------
    async def deliver(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        """POST `events` as one signed batch to the configured webhook URL (if any)."""
        url = self.state.webhook_url
        if url is None or not events:
            return {"events": events, "delivered_to": None, "status": None}
        body, headers = self.state.webhook(events)
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(url, content=body, headers=headers)
        with self.state.lock:
            self.state.deliveries.append((url, response.status_code))
        return {"events": events, "delivered_to": url, "status": response.status_code}

    async def _control(self, request: Request) -> Response:
        kind, id_ = request.path_params["kind"], request.path_params["id"]
        action = request.path_params["action"]
        try:
            with self.state.lock:
                if kind == "billing_requests" and action == "complete":
                    _request, events = self.state.fulfil(id_)
                elif kind in ("payments", "mandates"):
                    events = [self.state.transition(kind, id_, action)]
                else:
                    raise ApiProblem(404, "invalid_api_usage", f"No test action {kind}/{action}")
        except ApiProblem as problem:
            return _problem_response(problem)
        return JSONResponse(await self.deliver(events))

    async def _send_webhook(self, request: Request) -> Response:
        """Deliver the given events verbatim (duplicates, any order) as one batch."""
        body = await request.json()
        return JSONResponse(await self.deliver(list(body["events"])))

    async def _config(self, request: Request) -> Response:
        body = await request.json()
        with self.state.lock:
            self.state.webhook_url = body.get("webhook_url")
        return JSONResponse({"webhook_url": self.state.webhook_url})

    async def _payment_page(self, request: Request) -> Response:
        flow_id = request.query_params.get("id", "")
        with self.state.lock:
            flow = self.state.of("billing_request_flows").get(flow_id)
        if flow is None:
            return HTMLResponse("<h1>Unknown flow</h1>", status_code=404)
        billing_request = flow["links"]["billing_request"]
        return HTMLResponse(
            f"<h1>Fake GoCardless</h1><p>Billing request {billing_request}.</p>"
            f"<form method=post action='/_fake/billing_requests/{billing_request}/complete'>"
            "<button>Set up the Direct Debit</button></form>"
        )

    def _routes(self) -> list[Route]:
        state = self.state
        return [
            Route("/customers", self._create("customers", state.create_customer), methods=["POST"]),
            Route("/customers/{id}", self._get("customers"), methods=["GET"]),
            Route(
                "/billing_requests",
                self._create("billing_requests", state.create_billing_request),
                methods=["POST"],
            ),
            Route("/billing_requests/{id}", self._get("billing_requests"), methods=["GET"]),
            Route(
                "/billing_requests/{id}/actions/fulfil",
                self._action("billing_requests", self._fulfil),
                methods=["POST"],
            ),
            Route(
                "/billing_requests/{id}/actions/cancel",
                self._action("billing_requests", self._cancel_billing_request),
                methods=["POST"],
            ),
            Route(
                "/billing_request_flows",
                self._create("billing_request_flows", state.create_flow),
                methods=["POST"],
            ),
            Route("/mandates/{id}", self._get("mandates"), methods=["GET"]),
            Route(
                "/mandates/{id}/actions/cancel",
                self._action("mandates", state.cancel_mandate),
                methods=["POST"],
            ),
            Route("/payments", self._create("payments", state.create_payment), methods=["POST"]),
            Route("/payments", self._list_payments, methods=["GET"]),
            Route("/payments/{id}", self._get("payments"), methods=["GET"]),
            Route(
                "/payments/{id}/actions/cancel",
                self._action("payments", state.cancel_payment),
                methods=["POST"],
            ),
            Route("/_fake/config", self._config, methods=["PUT"]),
            Route("/_fake/webhooks", self._send_webhook, methods=["POST"]),
            Route("/_fake/{kind}/{id}/{action}", self._control, methods=["POST"]),
            Route("/billing/static/flow", self._payment_page, methods=["GET"]),
        ]


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the fake GoCardless Pro API.")
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--access-token", default="fake-gocardless-access-token")
    parser.add_argument("--webhook-secret", default="fake-gocardless-webhook-secret")
    parser.add_argument("--webhook-url", default=None)
    args = parser.parse_args()
    fake = FakeGoCardless(args.access_token, args.webhook_secret, f"http://127.0.0.1:{args.port}")
    fake.state.webhook_url = args.webhook_url
    uvicorn.run(fake.app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
