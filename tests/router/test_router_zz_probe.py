import json, asyncio, time
import pytest
pytestmark = pytest.mark.e2e

def show(label, r):
    print(f"\n=== {label}: {r.status_code} {dict(r.headers)}\n{r.text[:1500]}")

async def test_probe(running_stack, post, http, router_url, token_mint, dedicated_router):
    r = await http.options(f"{router_url}/graphql", headers={"origin": "null", "access-control-request-method": "POST"}); show("preflight null", r)
    r = await post(router_url, "{ __typename }", headers={"origin": "null"}); show("post null", r)
    r = await post(router_url, "{ __typename }", headers={"origin": "http://localhost:3000"}); show("post ok origin", r)
    t = time.monotonic()
    async with dedicated_router({"ROUTER_MAX_COST": "2"}) as url:
        print("start", time.monotonic() - t)
        r = await post(url, "{ __typename }"); show("cheapest", r)
        t = time.monotonic()
    print("stop", time.monotonic() - t)
    await running_stack.stop_service("auth", kill=True)
    try:
        t = time.monotonic()
        r = await post(router_url, "{ me { id } }", token=token_mint.token()); show("me down", r)
        print("down query", time.monotonic() - t)
    finally:
        t = time.monotonic()
        await running_stack.start_service("auth")
        print("restart", time.monotonic() - t)
