"""The financial subgraph's schema: every domain's queries and mutations combined."""

from __future__ import annotations

import strawberry
from strawberry.extensions import SchemaExtension

from financial_subgraph.client.mutations import ClientMutation
from financial_subgraph.client.queries import ClientQuery
from financial_subgraph.client.types import Client
from financial_subgraph.currency.mutations import CurrencyMutation
from financial_subgraph.currency.queries import CurrencyQuery
from financial_subgraph.organization.graphql import (
    Organization,
    OrganizationMutation,
    OrganizationQuery,
)
from service_runtime.schema import ServiceSchema
from service_runtime.schema_extensions import standard_extensions


@strawberry.type
class Query(ClientQuery, CurrencyQuery, OrganizationQuery):
    pass


@strawberry.type
class Mutation(ClientMutation, CurrencyMutation, OrganizationMutation):
    pass


def build_schema(
    *, development: bool, extensions: list[type[SchemaExtension]] | None = None
) -> ServiceSchema:
    """`development` is accepted for symmetry with the other subgraphs (no dev-only fields)."""
    return ServiceSchema(
        query=Query,
        mutation=Mutation,
        types=[Client, Organization],
        extensions=[*standard_extensions(), *(extensions or [])],
        federation_version="2.7",
    )
