"""GoCardless: the webhook endpoint is reachable through the router and refuses forgeries."""

from __future__ import annotations

import json

from devstack.smoke.runner import SmokeRun, check, expect


@check("bad input: a GoCardless webhook with a bad signature is refused (498)")
async def forged_gocardless_webhook(run: SmokeRun) -> None:
    body = json.dumps({"events": [{"id": "EV_SMOKE", "resource_type": "payments"}]})
    response = await run.http.post(
        f"{run.router}/webhooks/financial/gocardless",
        content=body,
        headers={"Content-Type": "application/json", "Webhook-Signature": "0" * 64},
    )
    expect(response.status_code == 498, f"{response.status_code} {response.text}")
    expect(response.json()["error"]["code"] == "INVALID_SIGNATURE", response.text)
