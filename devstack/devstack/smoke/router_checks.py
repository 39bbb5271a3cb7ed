"""Router checks: routing, CORS, service discovery, readiness, rate-limit headers, safety."""

from __future__ import annotations

from devstack.smoke.runner import SmokeRun, check, expect

ALLOWED_ORIGIN = "http://localhost:3000"


@check("router health and readiness")
async def router_is_ready(run: SmokeRun) -> None:
    health = (await run.http.get(f"{run.router}/health")).json()
    expect(health["status"] == "healthy", str(health))
    readiness = await run.http.get(f"{run.router}/readiness")
    expect(readiness.status_code == 200, readiness.text)


@check("routing: the router reaches every subgraph")
async def router_routes(run: SmokeRun) -> None:
    body = await run.graphql("{ __typename }")
    expect(body.get("data") == {"__typename": "Query"}, str(body))
    # Reaching a subgraph field proves the query plan and transport work.
    anonymous = await run.graphql("{ me { id } }")
    expect(anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", str(anonymous))


@check("service discovery lists every subgraph, healthy")
async def discovery(run: SmokeRun) -> None:
    services = (await run.http.get(f"{run.router}/api/services")).json()["services"]
    listed = {service["name"]: service["status"] for service in services}
    expect(listed == dict.fromkeys(run.services, "healthy"), str(listed))


@check("CORS: allowed origin gets headers, others do not")
async def cors(run: SmokeRun) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = await run.http.options(
        f"{run.router}/graphql", headers={"Origin": ALLOWED_ORIGIN, **preflight}
    )
    expect(
        allowed.headers.get("access-control-allow-origin") == ALLOWED_ORIGIN, str(allowed.headers)
    )
    foreign = await run.http.options(
        f"{run.router}/graphql", headers={"Origin": "https://evil.example", **preflight}
    )
    expect(
        "access-control-allow-origin" not in foreign.headers
        or foreign.headers["access-control-allow-origin"] != "https://evil.example",
        str(foreign.headers),
    )


@check("rate limiting: per-client budget headers")
async def rate_limit_headers(run: SmokeRun) -> None:
    first = await run.http.post(f"{run.router}/graphql", json={"query": "{ __typename }"})
    second = await run.http.post(f"{run.router}/graphql", json={"query": "{ __typename }"})
    remaining = [int(r.headers["ratelimit-remaining"]) for r in (first, second)]
    expect(remaining[1] < remaining[0], str(remaining))
    expect(int(first.headers["ratelimit-limit"]) > 0, str(first.headers))


@check("operation safety: over-deep queries are refused")
async def depth_limit(run: SmokeRun) -> None:
    hop = "memberships { user { "
    nested = "{ me { " + hop * 6 + "id" + " } }" * 6 + " } }"
    body = await run.graphql(nested)
    expect(any("depth" in error["message"].lower() for error in body.get("errors", [])), str(body))


@check("persisted queries: mobile clients may send only persisted operations")
async def mobile_safelist(run: SmokeRun) -> None:
    response = await run.http.post(
        f"{run.router}/graphql",
        json={"query": "{ __typename }"},
        headers={"apollographql-client-name": "finance-ios"},
    )
    codes = [error["extensions"]["code"] for error in response.json()["errors"]]
    expect(codes == ["PERSISTED_QUERY_ONLY"], str(response.json()))
