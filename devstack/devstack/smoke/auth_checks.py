"""Auth flow: register, login, me, refresh rotation and reuse, bad tokens, throttling."""

from __future__ import annotations

import uuid

from devstack.smoke.runner import SmokeRun, check, expect

PASSWORD = "smoke-test-passphrase-9472"
AUTH_PAYLOAD = "... on AuthPayload { accessToken refreshToken user { id email } }"


@check("JWKS publishes a signing key")
async def jwks_has_keys(run: SmokeRun) -> None:
    keys = (await run.http.get(f"{run.services['auth']}/.well-known/jwks.json")).json()["keys"]
    expect(bool(keys) and all("kid" in key and "d" not in key for key in keys), str(keys))


@check("data creation: register a user and organisation")
async def register(run: SmokeRun) -> None:
    email = f"smoke-{uuid.uuid4().hex[:12]}@example.com"
    query = f"""mutation($input: RegisterInput!) {{ register(input: $input) {{
        __typename {AUTH_PAYLOAD} ... on RegistrationError {{ code message }} }} }}"""
    body = await run.graphql(
        query,
        input={
            "email": email,
            "password": PASSWORD,
            "displayName": "Smoke",
            "organizationName": "Smoke Ltd",
        },
    )
    payload = body["data"]["register"]
    expect(payload["__typename"] == "AuthPayload", str(payload))
    run.state.update(email=email, user_id=payload["user"]["id"])


@check("auth flow: login, me, refresh")
async def login_me_refresh(run: SmokeRun) -> None:
    login = f"""mutation($e: String!, $p: String!) {{
        login(email: $e, password: $p) {{ __typename {AUTH_PAYLOAD} }} }}"""
    payload = (await run.graphql(login, e=run.state["email"], p=PASSWORD))["data"]["login"]
    expect(payload["__typename"] == "AuthPayload", str(payload))
    me = await run.graphql("{ me { id } }", token=payload["accessToken"])
    expect(me["data"]["me"]["id"] == run.state["user_id"], str(me))
    refresh = f"""mutation($t: String!) {{ refresh(refreshToken: $t) {{
        __typename {AUTH_PAYLOAD} ... on RefreshError {{ code }} }} }}"""
    rotated = (await run.graphql(refresh, t=payload["refreshToken"]))["data"]["refresh"]
    expect(rotated["__typename"] == "AuthPayload", str(rotated))
    reused = (await run.graphql(refresh, t=payload["refreshToken"]))["data"]["refresh"]
    expect(reused.get("code") == "REFRESH_TOKEN_REUSED", str(reused))


@check("anonymous callers are refused protected fields")
async def anonymous_is_unauthenticated(run: SmokeRun) -> None:
    body = await run.graphql("{ me { id } }")
    expect(body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", str(body))


@check("invalid tokens get 401 with a code")
async def invalid_token_is_rejected(run: SmokeRun) -> None:
    body = await run.graphql("{ me { id } }", token="not.a.token")
    expect(body["_status"] == 401, f"HTTP {body['_status']}")
    expect(body["errors"][0]["extensions"]["code"] == "MALFORMED_TOKEN", str(body))


@check("rate limiting: repeated failed logins are throttled (auth subgraph)")
async def login_throttling(run: SmokeRun) -> None:
    # Straight to the subgraph, as the router would send it, with this run's made-up client
    # address: failures from 127.0.0.1 would otherwise pile up across smoke runs.
    login = """mutation($e: String!) {
        login(email: $e, password: "wrong-password-x") { ... on LoginError { code } } }"""
    email = f"throttle-{uuid.uuid4().hex[:8]}@example.com"
    url = f"{run.services['auth']}/graphql"
    codes = []
    for _ in range(6):
        response = await run.http.post(
            url,
            json={"query": login, "variables": {"e": email}},
            headers={"X-Forwarded-For": run.client_ip},
        )
        codes.append(response.json()["data"]["login"]["code"])
    expect(codes[-1] == "TOO_MANY_ATTEMPTS", str(codes))
