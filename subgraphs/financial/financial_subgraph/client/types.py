from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from financial_subgraph.client.loaders import ClientByIdLoader
from financial_subgraph.client.models import Client as ClientRow
from financial_subgraph.client.models import ClientContact as ContactRow
from financial_subgraph.context import Info
from service_runtime.ids import parse_uuid
from service_runtime.pagination import PageInfo as PageInfo  # re-exported for older imports


@strawberry.type
class BillingAddress:
    line1: str | None
    line2: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code.")


@strawberry.type
class ClientContact:
    id: strawberry.ID
    name: str
    email: str | None
    phone: str | None
    is_primary: bool

    @classmethod
    def from_row(cls, row: ContactRow) -> ClientContact:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            email=row.email,
            phone=row.phone,
            is_primary=row.is_primary,
        )


@strawberry.federation.type(keys=["id"])
class Client:
    """A customer of the organisation. Other subgraphs reference clients by id."""

    id: strawberry.ID
    name: str
    email: str | None
    phone: str | None
    tax_id: str | None
    default_currency: str = strawberry.field(description="ISO-4217 code.")
    language: str | None
    payment_terms_days: int
    billing_address: BillingAddress
    notes: str | None
    custom_fields: JSON
    contacts: list[ClientContact]
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: ClientRow) -> Client:
        """`row` must have its contacts loaded (relationships never load lazily)."""
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            email=row.email,
            phone=row.phone,
            tax_id=row.tax_id,
            default_currency=row.default_currency,
            language=row.language,
            payment_terms_days=row.payment_terms_days,
            billing_address=BillingAddress(
                line1=row.address_line1,
                line2=row.address_line2,
                city=row.city,
                region=row.region,
                postal_code=row.postal_code,
                country=row.country,
            ),
            notes=row.notes,
            custom_fields=JSON(row.custom_fields),
            contacts=[ClientContact.from_row(contact) for contact in row.contacts],
            archived_at=row.archived_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Client | None:
        # Tenant isolation: only clients of the caller's own organisation resolve.
        principal = info.context.principal
        client_id = parse_uuid(id)
        if principal is None or principal.organization_id is None or client_id is None:
            return None
        row = await ClientByIdLoader.of(info).load(client_id)
        return cls.from_row(row) if row else None


@strawberry.type
class ClientEdge:
    cursor: str
    node: Client


@strawberry.type
class ClientConnection:
    edges: list[ClientEdge]
    page_info: PageInfo


@strawberry.type
class ClientPayload:
    client: Client
