"""Request body bounds at the subgraph, before the GraphQL layer reads a byte.

Defence in depth behind the router's own limits: a body larger than the service's cap is
refused with 413 (INPUT_TOO_LARGE) while it streams in, and a JSON body nested deeper than
Python's decoder can follow (it raised RecursionError, a raw 500) with 400 (JSON_TOO_DEEP).
Pure ASGI, so the body is read once and replayed to the application unchanged.
"""

from __future__ import annotations

import json

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service_runtime.input_limits import InputErrorCode


def _refusal(status: int, code: InputErrorCode, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        too_large = _refusal(
            413,
            InputErrorCode.INPUT_TOO_LARGE,
            f"Request bodies take at most {self.max_bytes} bytes.",
        )
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if b"json" in headers.get(b"content-type", b"") and _too_deep(body):
            message_text = "The request's JSON is nested too deeply."
            await _refusal(400, InputErrorCode.JSON_TOO_DEEP, message_text)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _too_deep(body: bytes) -> bool:
    # Python's decoder recurses per nesting level and gives up at the interpreter's recursion
    # limit; anything it can decode, the JSON scalar and the text bounds then check in detail.
    try:
        json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False  # malformed: the GraphQL layer answers that with its own 400
    return False


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
