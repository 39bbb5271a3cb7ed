"""Provider webhooks reach subgraphs through the router, the only public port, byte for byte."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

pytestmark = pytest.mark.e2e


async def test_a_badly_signed_webhook_is_answered_by_the_subgraph_through_the_router(
    router_url: str,
) -> None:
    body = b'{"events": [{"id": "EV1", "resource_type": "payments", "action": "confirmed"}]}'
    async with httpx.AsyncClient(base_url=router_url, timeout=10) as http:
        response = await http.post(
            "/webhooks/financial/gocardless",
            content=body,
            headers={"content-type": "application/json", "webhook-signature": "0" * 64},
        )
    # 498 is GoCardless's "invalid token" status: the financial service's answer, passed back.
    assert response.status_code == 498, response.text


async def test_unknown_webhook_targets_and_other_methods_are_refused(router_url: str) -> None:
    async with httpx.AsyncClient(base_url=router_url, timeout=10) as http:
        unknown = await http.post("/webhooks/nowhere/hook", content=b"{}")
        get = await http.get("/webhooks/financial/gocardless")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "NOT_FOUND"
    assert get.status_code == 405


async def test_an_oversized_webhook_is_refused_even_without_a_content_length(
    router_url: str,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"x" * 100_000

    async with httpx.AsyncClient(base_url=router_url, timeout=10) as http:
        response = await http.post("/webhooks/financial/gocardless", content=chunks())
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
