"""Admins add registered users to their organisation with a role; the role reaches the token."""

from __future__ import annotations

from typing import Any

from devstack.factories.auth import register

from ..conftest import STRONG_PASSWORD, GraphQL

ADD = """mutation($email: String!, $role: AssignableRole!) {
  addOrganizationMember(email: $email, role: $role) {
    __typename
    ... on MembershipPayload { membership { role user { id email } } }
    ... on MembershipError { code } } }"""

CHANGE = """mutation($userId: ID!, $role: AssignableRole!) {
  changeMemberRole(userId: $userId, role: $role) {
    __typename
    ... on MembershipPayload { membership { role } }
    ... on MembershipError { code } } }"""

REMOVE = """mutation($userId: ID!) { removeOrganizationMember(userId: $userId) {
  __typename ... on MembershipError { code } } }"""

MEMBERS = "{ organizationMembers { role user { email } } }"

LOGIN_INTO = """mutation($email: String!, $password: String!, $org: ID) {
  login(email: $email, password: $password, organizationId: $org) {
    __typename
    ... on AuthPayload { role scopes organization { id } }
    ... on LoginError { code } } }"""


async def test_an_owner_adds_a_viewer_who_logs_in_with_read_scopes(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    await register(gql, email="bob@example.com")
    owner = registered["accessToken"]
    added = await gql(ADD, owner, email="Bob@Example.com", role="VIEWER")
    assert added["data"]["addOrganizationMember"]["membership"]["role"] == "VIEWER"

    org = registered["organization"]["id"]
    login = await gql(LOGIN_INTO, email="bob@example.com", password=STRONG_PASSWORD, org=org)
    payload = login["data"]["login"]
    assert payload["organization"]["id"] == org
    assert payload["role"] == "VIEWER"
    assert "financial:read" in payload["scopes"]
    assert "financial:write" not in payload["scopes"]

    members = await gql(MEMBERS, owner)
    emails = {m["user"]["email"]: m["role"] for m in members["data"]["organizationMembers"]}
    assert emails == {"ada@example.com": "OWNER", "bob@example.com": "VIEWER"}


async def test_roles_change_and_members_leave_but_the_owner_stays(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    bob = await register(gql, email="bob@example.com")
    owner = registered["accessToken"]
    await gql(ADD, owner, email="bob@example.com", role="MEMBER")
    changed = await gql(CHANGE, owner, userId=bob["user"]["id"], role="ADMIN")
    assert changed["data"]["changeMemberRole"]["membership"]["role"] == "ADMIN"

    fixed = await gql(REMOVE, owner, userId=registered["user"]["id"])
    assert fixed["data"]["removeOrganizationMember"]["code"] == "OWNER_IS_FIXED"
    removed = await gql(REMOVE, owner, userId=bob["user"]["id"])
    assert removed["data"]["removeOrganizationMember"]["__typename"] == "RemovedMembership"
    again = await gql(REMOVE, owner, userId=bob["user"]["id"])
    assert again["data"]["removeOrganizationMember"]["code"] == "NOT_A_MEMBER"


async def test_unknown_users_duplicates_and_non_admins_are_refused(
    gql: GraphQL, registered: dict[str, Any]
) -> None:
    bob = await register(gql, email="bob@example.com")
    owner = registered["accessToken"]
    unknown = await gql(ADD, owner, email="nobody@example.com", role="MEMBER")
    assert unknown["data"]["addOrganizationMember"]["code"] == "USER_NOT_FOUND"
    await gql(ADD, owner, email="bob@example.com", role="MEMBER")
    twice = await gql(ADD, owner, email="bob@example.com", role="VIEWER")
    assert twice["data"]["addOrganizationMember"]["code"] == "ALREADY_MEMBER"

    # Bob owns his own organisation, but in Ada's he is a member: no org:manage there.
    org = registered["organization"]["id"]
    login = await gql(LOGIN_INTO, email="bob@example.com", password=STRONG_PASSWORD, org=org)
    assert login["data"]["login"]["role"] == "MEMBER"
    bob_in_ada = await gql(
        "mutation($e: String!, $p: String!, $o: ID) { login(email: $e, password: $p,"
        " organizationId: $o) { ... on AuthPayload { accessToken } } }",
        e="bob@example.com",
        p=STRONG_PASSWORD,
        o=org,
    )
    token = bob_in_ada["data"]["login"]["accessToken"]
    refused = await gql(ADD, token, email="ada@example.com", role="ADMIN")
    assert refused["data"] is None or refused["data"]["addOrganizationMember"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert bob["organization"]["id"] != org
