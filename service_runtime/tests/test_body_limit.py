"""The subgraph's request body bounds: size (413) and JSON nesting (400), typed."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from service_runtime.body_limit import BodyLimitMiddleware


async def echo_size(request: Request) -> JSONResponse:
    return JSONResponse({"received": len(await request.body())})


def app(max_bytes: int = 1000) -> BodyLimitMiddleware:
    routes = [Route("/graphql", echo_size, methods=["POST"])]
    return BodyLimitMiddleware(Starlette(routes=routes), max_bytes)


async def post(content: bytes, max_bytes: int = 1000) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(max_bytes))
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        return await client.post(
            "/graphql", content=content, headers={"content-type": "application/json"}
        )


async def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    response = await post(b'{"query": "{ x }"}')
    assert response.json() == {"received": 18}


async def test_a_body_over_the_limit_is_refused_with_a_code() -> None:
    response = await post(b"x" * 1001)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "INPUT_TOO_LARGE"


async def test_json_nested_beyond_the_decoder_is_refused_not_a_500() -> None:
    response = await post(b"[" * 100_000 + b"]" * 100_000, max_bytes=10_000_000)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "JSON_TOO_DEEP"
