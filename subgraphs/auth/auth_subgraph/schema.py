"""The auth subgraph's schema: every domain's queries and mutations combined."""

from __future__ import annotations

import strawberry
from strawberry.extensions import SchemaExtension

from auth_subgraph.audit.queries import AuditLogQuery
from auth_subgraph.devtoken.mutations import DevTokenMutation
from auth_subgraph.organization.mutations import MembersMutation
from auth_subgraph.organization.queries import MembersQuery
from auth_subgraph.organization.types import OrganizationType
from auth_subgraph.session.mutations import SessionMutation
from auth_subgraph.user.mutations import UserMutation
from auth_subgraph.user.password_change import PasswordChangeMutation
from auth_subgraph.user.queries import UserQuery
from auth_subgraph.user.types import User
from service_runtime.schema import ServiceSchema
from service_runtime.schema_extensions import standard_extensions


@strawberry.type
class Query(UserQuery, MembersQuery, AuditLogQuery):
    pass


@strawberry.type
class Mutation(UserMutation, PasswordChangeMutation, SessionMutation, MembersMutation):
    pass


@strawberry.type(name="Mutation")
class DevelopmentMutation(Mutation, DevTokenMutation):
    pass


def build_schema(
    *, development: bool, extensions: list[type[SchemaExtension]] | None = None
) -> ServiceSchema:
    """`devToken` exists only in development; the committed SDL is the development schema."""
    return ServiceSchema(
        query=Query,
        mutation=DevelopmentMutation if development else Mutation,
        types=[User, OrganizationType],
        extensions=[*standard_extensions(), *(extensions or [])],
        federation_version="2.7",
    )
