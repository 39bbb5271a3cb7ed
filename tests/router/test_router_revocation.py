"""Revocation bites, through the router: removal from the organisation, a role change, logout,
logout everywhere and a password change each stop the affected access tokens within seconds
(401 TOKEN_REVOKED at the router and at the subgraphs), while other tokens keep working.

Accounts are registered and logged in at the auth subgraph itself, to spare the router's
per-IP login and register budgets shared by the whole session; every revoking mutation and
every check goes through the router.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from devstack.factories import auth as factories
from devstack.stack import Stack

pytestmark = pytest.mark.e2e

PASSWORD = factories.PASSWORD  # registered by the factory, logged in with here
WITHIN_SECONDS = 5
AUTH_PAYLOAD = (
    "... on AuthPayload { accessToken refreshToken role scopes user { id } organization { id } }"
)
LOGIN = f"""mutation($email: String!, $password: String!, $org: ID) {{
  login(email: $email, password: $password, organizationId: $org) {{
    __typename {AUTH_PAYLOAD} ... on LoginError {{ code }} }} }}"""
REFRESH = f"""mutation($refreshToken: String!) {{ refresh(refreshToken: $refreshToken) {{
  __typename {AUTH_PAYLOAD} ... on RefreshError {{ code }} }} }}"""
ME = "{ me { id } }"
CREATE_CLIENT = (
    """mutation($input: CreateClientInput!) { createClient(input: $input) { __typename } }"""
)


@dataclass
class Session:
    email: str
    access: str
    refresh: str
    user_id: str
    organization_id: str


class Platform:
    """The router (and the subgraphs, for logins and the zero-trust checks) as a client."""

    def __init__(self, http: httpx.AsyncClient, stack: Stack) -> None:
        self.http, self.stack = http, stack

    async def post(
        self, query: str, token: str | None = None, service: str = "router", **variables: Any
    ) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return await self.http.post(
            f"{self.stack.url(service)}/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
        )

    async def data(self, query: str, token: str | None = None, **variables: Any) -> Any:
        response = await self.post(query, token, **variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return next(iter(body["data"].values()))

    async def register(self) -> Session:
        email = factories.unique_email("revoke")
        async with httpx.AsyncClient(base_url=self.stack.url("auth"), timeout=15) as auth:
            registered = await factories.register(
                auth,
                email=email,
                displayName="Revocation Tester",
                organizationName="Revocation Ltd",
            )
        return session_of(email, registered)

    async def login(self, email: str, password: str = PASSWORD, org: str | None = None) -> Any:
        response = await self.post(LOGIN, service="auth", email=email, password=password, org=org)
        return response.json()["data"]["login"]

    async def session(self, email: str, org: str | None = None) -> Session:
        return session_of(email, await self.login(email, org=org))

    async def refresh(self, session: Session) -> Any:
        # Sent without the (possibly revoked) access token, as a client refreshing would.
        return await self.data(REFRESH, refreshToken=session.refresh)

    async def refused_code(self, token: str, service: str = "router") -> str | None:
        response = await self.post(ME, token, service=service)
        if response.status_code == 200:
            return None
        assert response.status_code == 401, response.text
        return str(response.json()["errors"][0]["extensions"]["code"])

    async def create_client(self, token: str) -> httpx.Response:
        return await self.post(
            CREATE_CLIENT,
            token,
            input={"name": f"Client {uuid.uuid4().hex[:6]}", "defaultCurrency": "EUR"},
        )


def session_of(email: str, payload: dict[str, Any]) -> Session:
    assert "accessToken" in payload, payload
    return Session(
        email,
        payload["accessToken"],
        payload["refreshToken"],
        payload["user"]["id"],
        payload["organization"]["id"],
    )


@pytest.fixture
def platform(http: httpx.AsyncClient, running_stack: Stack) -> Platform:
    return Platform(http, running_stack)


Eventually = Callable[[Callable[[], Awaitable[Any]], float], Awaitable[Any]]


async def revoked_within_seconds(platform: Platform, token: str, eventually: Eventually) -> None:
    # Zero trust: going round the router does not help either. (Each checker remembers an
    # answer for up to a second, so each is polled.)
    for service in ("router", "auth", "financial"):

        async def refused(service: str = service) -> bool:
            return await platform.refused_code(token, service) == "TOKEN_REVOKED"

        await eventually(refused, WITHIN_SECONDS)


async def member_of(platform: Platform, owner: Session, role: str) -> Session:
    member = await platform.register()
    added = await platform.data(
        "mutation($email: String!, $role: AssignableRole!) {"
        " addOrganizationMember(email: $email, role: $role) { __typename } }",
        owner.access,
        email=member.email,
        role=role,
    )
    assert added["__typename"] == "MembershipPayload", added
    return await platform.session(member.email, owner.organization_id)


async def test_a_removed_member_is_refused_within_seconds(
    platform: Platform, eventually: Eventually
) -> None:
    owner = await platform.register()
    member = await member_of(platform, owner, "MEMBER")
    assert (await platform.create_client(member.access)).status_code == 200
    removed = await platform.data(
        "mutation($id: ID!) { removeOrganizationMember(userId: $id) { __typename } }",
        owner.access,
        id=member.user_id,
    )
    assert removed["__typename"] == "RemovedMembership"
    await revoked_within_seconds(platform, member.access, eventually)
    assert (await platform.create_client(member.access)).status_code == 401
    assert (await platform.refresh(member))["code"] == "INVALID_REFRESH_TOKEN"
    assert await platform.refused_code(owner.access) is None


async def test_a_demoted_member_loses_writes_and_refreshes_into_the_new_role(
    platform: Platform, eventually: Eventually
) -> None:
    owner = await platform.register()
    member = await member_of(platform, owner, "MEMBER")
    changed = await platform.data(
        "mutation($id: ID!) { changeMemberRole(userId: $id, role: VIEWER) { __typename } }",
        owner.access,
        id=member.user_id,
    )
    assert changed["__typename"] == "MembershipPayload"
    await revoked_within_seconds(platform, member.access, eventually)
    refused_write = await platform.create_client(member.access)
    assert refused_write.status_code == 401
    refreshed = await platform.refresh(member)
    assert refreshed["role"] == "VIEWER"
    assert "financial:write" not in refreshed["scopes"]
    assert await platform.refused_code(refreshed["accessToken"]) is None
    write = (await platform.create_client(refreshed["accessToken"])).json()
    assert write["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await platform.refused_code(owner.access) is None


async def test_logout_ends_that_session_only(platform: Platform, eventually: Eventually) -> None:
    user = await platform.register()
    phone = await platform.session(user.email)
    ended = await platform.data(
        "mutation($t: String!) { logout(refreshToken: $t) { ok } }", t=user.refresh
    )
    assert ended == {"ok": True}
    await revoked_within_seconds(platform, user.access, eventually)
    assert (await platform.refresh(user))["code"] == "INVALID_REFRESH_TOKEN"
    assert await platform.refused_code(phone.access) is None
    assert (await platform.create_client(phone.access)).status_code == 200


async def test_logout_everywhere_ends_every_session_of_the_user_only(
    platform: Platform, eventually: Eventually
) -> None:
    user = await platform.register()
    phone = await platform.session(user.email)
    other = await platform.register()
    ended = await platform.data("mutation { logoutEverywhere { sessionsEnded } }", user.access)
    assert ended == {"sessionsEnded": 2}
    for session in (user, phone):
        await revoked_within_seconds(platform, session.access, eventually)
        assert (await platform.refresh(session))["code"] == "INVALID_REFRESH_TOKEN"
    assert await platform.refused_code(other.access) is None
    # Signing in again works: revocation ended sessions, not the account.
    fresh = await platform.session(user.email)
    assert await platform.refused_code(fresh.access) is None


async def test_a_password_change_ends_every_other_session(
    platform: Platform, eventually: Eventually
) -> None:
    user = await platform.register()
    laptop = await platform.session(user.email)
    new_password = "a-brand-new-passphrase-2027"
    changed = await platform.data(
        "mutation($old: String!, $new: String!) { changePassword(currentPassword: $old,"
        " newPassword: $new) { __typename ... on PasswordChanged { otherSessionsEnded } } }",
        user.access,
        old=PASSWORD,
        new=new_password,
    )
    assert changed == {"__typename": "PasswordChanged", "otherSessionsEnded": 1}
    await revoked_within_seconds(platform, laptop.access, eventually)
    assert (await platform.refresh(laptop))["code"] == "INVALID_REFRESH_TOKEN"
    # The session that changed the password goes on, and refreshes.
    assert await platform.refused_code(user.access) is None
    assert (await platform.refresh(user))["__typename"] == "AuthPayload"
    assert (await platform.login(user.email))["code"] == "INVALID_CREDENTIALS"
    assert (await platform.login(user.email, new_password))["__typename"] == "AuthPayload"


async def test_a_wrong_current_password_changes_and_revokes_nothing(platform: Platform) -> None:
    user = await platform.register()
    laptop = await platform.session(user.email)
    refused = await platform.data(
        'mutation { changePassword(currentPassword: "not-my-password-at-all",'
        ' newPassword: "a-brand-new-passphrase-2027") { __typename'
        " ... on PasswordChangeError { code } } }",
        user.access,
    )
    assert refused == {"__typename": "PasswordChangeError", "code": "WRONG_PASSWORD"}
    assert await platform.refused_code(laptop.access) is None
    assert (await platform.login(user.email))["__typename"] == "AuthPayload"
