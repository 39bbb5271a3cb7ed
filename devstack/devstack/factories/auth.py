"""Users and organisations, made through the auth subgraph's API."""

from __future__ import annotations

import uuid
from typing import Any

from devstack.factories.api import Api, execute, result

PASSWORD = "correct-horse-battery-staple-42"

REGISTER = """mutation Register($input: RegisterInput!) {
  register(input: $input) {
    __typename
    ... on AuthPayload {
      accessToken refreshToken role scopes user { id email } organization { id name }
    }
    ... on RegistrationError { code message reasons }
  }
}"""
CURRENT_ORGANIZATION = "{ currentOrganization { id } }"
ADD_MEMBER = """mutation($email: String!, $role: AssignableRole!) {
  addOrganizationMember(email: $email, role: $role) { __typename } }"""
LOGIN_INTO = """mutation($email: String!, $password: String!, $org: ID) {
  login(email: $email, password: $password, organizationId: $org) {
    __typename ... on AuthPayload { accessToken refreshToken user { id } } } }"""


def unique_email(name: str) -> str:
    return f"{name.lower()}-{uuid.uuid4().hex[:12]}@example.com"


def registration(email: str | None = None, **overrides: str) -> dict[str, str]:
    """A valid RegisterInput (a fresh address unless given)."""
    return {
        "email": email or unique_email("user"),
        "password": PASSWORD,
        "displayName": "Ada Lovelace",
        "organizationName": "Analytical Engines Ltd",
        **overrides,
    }


async def register(api: Api, **fields: str) -> dict[str, Any]:
    """A new user owning a new organisation: the AuthPayload (tokens, role, user, org)."""
    body = await execute(api, REGISTER, None, input=registration(**fields))
    return result(body, "register", "AuthPayload")


async def register_owner(api: Api, name: str) -> str:
    """A new user owning a new organisation, named after `name`; their access token."""
    payload = await register(
        api, email=unique_email(name), displayName=name, organizationName=f"{name} Ltd"
    )
    token: str = payload["accessToken"]
    return token


async def join_as(api: Api, owner_token: str, role: str, name: str) -> str:
    """A new user added to the owner's organisation with `role` (ADMIN, MEMBER, VIEWER), logged
    in there; their access token."""
    email = unique_email(name)
    await register(api, email=email, displayName=name, organizationName=f"{name}'s own Ltd")
    organization = await execute(api, CURRENT_ORGANIZATION, owner_token)
    organization_id = organization["data"]["currentOrganization"]["id"]
    added = await execute(api, ADD_MEMBER, owner_token, email=email, role=role)
    assert added["data"]["addOrganizationMember"]["__typename"] == "MembershipPayload", added
    login = await execute(
        api, LOGIN_INTO, None, email=email, password=PASSWORD, org=organization_id
    )
    token: str = result(login, "login", "AuthPayload")["accessToken"]
    return token
