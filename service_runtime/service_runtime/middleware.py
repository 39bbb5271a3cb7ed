"""ASGI middleware: request ids, access logs, HTTP metrics and bearer-token verification."""

from __future__ import annotations

import time
import uuid

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from service_runtime.logging import get_logger, request_id_var
from service_runtime.metrics import ServiceMetrics
from service_runtime.revocation import RevocationCheck
from service_runtime.tokens import (
    AuthenticationError,
    AuthErrorCode,
    TokenVerifier,
    bearer_token,
)

log = get_logger("service_runtime.http")

REQUEST_ID_HEADER = "x-request-id"


class RequestContextMiddleware(BaseHTTPMiddleware):
    """Adopts the router's request id (or makes one), logs and counts every request."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        super().__init__(app)
        self.metrics = metrics

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        request_id = request.headers.get(REQUEST_ID_HEADER) or str(uuid.uuid4())
        token = request_id_var.set(request_id[:128])
        request.state.request_id = request_id[:128]
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            request_id_var.reset(token)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        response.headers[REQUEST_ID_HEADER] = request.state.request_id
        route = request.url.path if request.url.path in _KNOWN_ROUTES else "other"
        self.metrics.http_requests.labels(request.method, route, str(response.status_code)).inc()
        if request.url.path not in ("/health", "/metrics"):
            log.info(
                "request",
                request_id=request.state.request_id,
                method=request.method,
                path=request.url.path,
                status=response.status_code,
                duration_ms=elapsed_ms,
            )
        return response


_KNOWN_ROUTES = frozenset({"/graphql", "/health", "/metrics", "/.well-known/jwks.json"})


class BearerAuthMiddleware(BaseHTTPMiddleware):
    """Verifies a presented bearer token before GraphQL runs.

    No token: anonymous (the schema decides what that may reach). A token that fails
    verification or has been revoked: 401 with a GraphQL-shaped error carrying the reason
    code, never a 500.
    """

    def __init__(self, app: ASGIApp, verifier: TokenVerifier, revocations: RevocationCheck) -> None:
        super().__init__(app)
        self.verifier = verifier
        self.revocations = revocations

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        request.state.principal = None
        if request.url.path == "/graphql":
            try:
                token = bearer_token(request.headers.get("authorization"))
                if token is not None:
                    principal = await self.verifier.verify(token)
                    if await self.revocations.is_revoked(principal):
                        raise AuthenticationError(
                            AuthErrorCode.TOKEN_REVOKED, "Token has been revoked"
                        )
                    request.state.principal = principal
            except AuthenticationError as error:
                return _unauthenticated(error)
        return await call_next(request)


def _unauthenticated(error: AuthenticationError) -> JSONResponse:
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code.value}}]}
    if error.code is AuthErrorCode.KEYS_UNAVAILABLE:
        # Our fault, not the token's: the client should retry, not throw its token away.
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})
    headers = {
        "WWW-Authenticate": f'Bearer error="invalid_token", error_description="{error.code}"'
    }
    return JSONResponse(body, status_code=401, headers=headers)
