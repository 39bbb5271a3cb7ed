"""The financial subgraph's schema: every domain's queries and mutations combined."""

from __future__ import annotations

import strawberry
from strawberry.extensions import SchemaExtension

from financial_subgraph.bank.mutations import BankMutation
from financial_subgraph.bank.queries import BankQuery
from financial_subgraph.bank.types import Transaction
from financial_subgraph.categorization.mutations import CategorizationMutation
from financial_subgraph.categorization.queries import CategorizationQuery
from financial_subgraph.client.mutations import ClientMutation
from financial_subgraph.client.queries import ClientQuery
from financial_subgraph.client.types import Client
from financial_subgraph.currency.mutations import CurrencyMutation
from financial_subgraph.currency.queries import CurrencyQuery
from financial_subgraph.documents.mutations import DocumentMutation
from financial_subgraph.documents.queries import DocumentQuery
from financial_subgraph.gocardless.bank_data.mutations import BankDataMutation
from financial_subgraph.gocardless.bank_data.queries import BankDataQuery
from financial_subgraph.gocardless.direct_debit.mutations import GoCardlessMutation
from financial_subgraph.gocardless.direct_debit.queries import GoCardlessQuery
from financial_subgraph.invoice.mutations import InvoiceMutation
from financial_subgraph.invoice.numbering.mutations import NumberingMutation
from financial_subgraph.invoice.numbering.queries import NumberingQuery
from financial_subgraph.invoice.queries import InvoiceQuery
from financial_subgraph.invoice.types import Invoice
from financial_subgraph.jobs.mutations import JobMutation
from financial_subgraph.jobs.queries import JobQuery
from financial_subgraph.live.subscriptions import InvoiceStatusSubscription
from financial_subgraph.matching.mutations import PaymentMatchingMutation
from financial_subgraph.matching.queries import PaymentMatchingQuery
from financial_subgraph.organization.mutations import OrganizationMutation
from financial_subgraph.organization.queries import OrganizationQuery
from financial_subgraph.organization.types import Organization
from financial_subgraph.reports.queries import ReportQuery
from financial_subgraph.schedules.mutations import ScheduleMutation
from financial_subgraph.schedules.queries import ScheduleQuery
from service_runtime.schema import ServiceSchema
from service_runtime.schema_extensions import standard_extensions


@strawberry.type
class Query(
    BankQuery,
    ClientQuery,
    CurrencyQuery,
    OrganizationQuery,
    ReportQuery,
    GoCardlessQuery,
    BankDataQuery,
    DocumentQuery,
    ScheduleQuery,
    InvoiceQuery,
    NumberingQuery,
    CategorizationQuery,
    PaymentMatchingQuery,
    JobQuery,
):
    pass


@strawberry.type
class Mutation(
    BankMutation,
    ClientMutation,
    CurrencyMutation,
    OrganizationMutation,
    InvoiceMutation,
    NumberingMutation,
    GoCardlessMutation,
    BankDataMutation,
    DocumentMutation,
    ScheduleMutation,
    CategorizationMutation,
    PaymentMatchingMutation,
    JobMutation,
):
    pass


@strawberry.type
class Subscription(InvoiceStatusSubscription):
    pass


def build_schema(
    *, development: bool, extensions: list[type[SchemaExtension]] | None = None
) -> ServiceSchema:
    """`development` is accepted for symmetry with the other subgraphs (no dev-only fields)."""
    return ServiceSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Transaction, Client, Organization, Invoice],
        extensions=[*standard_extensions(), *(extensions or [])],
        federation_version="2.7",
    )
