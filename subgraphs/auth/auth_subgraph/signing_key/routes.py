"""GET /.well-known/jwks.json: the public keys every verifier (router, subgraphs) fetches."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key.service import ensure_current_key, jwks_document
from service_runtime.database import Database


def local_jwks_fetcher(
    database: Database, settings: AuthSettings
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """The auth service verifies tokens from its own table rather than over HTTP."""

    async def fetch() -> dict[str, Any]:
        async with database.read() as session:
            return await jwks_document(session, settings)

    return fetch


def jwks_router(database: Database, settings: AuthSettings) -> APIRouter:
    router = APIRouter()

    @router.get("/.well-known/jwks.json")
    async def jwks() -> JSONResponse:
        async with database.write() as session:
            await ensure_current_key(session, settings)
            document = await jwks_document(session, settings)
        # Short cache: verifiers refresh on an unknown kid anyway.
        return JSONResponse(document, headers={"Cache-Control": "public, max-age=300"})

    return router
