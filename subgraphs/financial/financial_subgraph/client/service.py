"""Client rules: validation, creation with its event, updates, archiving and restoring.

Services never commit; the mutation's `Database.write()` block does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.base import outbox
from financial_subgraph.client import validation as check
from financial_subgraph.client.errors import ClientError, ClientErrorCode, client_error, not_found
from financial_subgraph.client.models import Client, ClientContact
from financial_subgraph.client.repository import ClientFilter as ClientFilter  # for resolvers
from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.events import ClientCreatedV1
from service_runtime.events import emit
from service_runtime.models import utcnow


@dataclass(frozen=True)
class ContactData:
    name: str
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False


@dataclass(frozen=True)
class ClientData:
    """Every editable attribute of a client (create takes all, update a changed subset)."""

    name: str
    default_currency: str
    email: str | None = None
    phone: str | None = None
    tax_id: str | None = None
    language: str | None = None
    payment_terms_days: int = 30
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    notes: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactData] = field(default_factory=list)


TEXT_FIELDS: tuple[str, ...] = ("phone", "tax_id", "address_line1", "address_line2", "city")
TEXT_FIELDS += ("region", "postal_code", "notes")


def _check_contacts(contacts: list[ContactData]) -> ClientError | None:
    if len(contacts) > check.MAX_CONTACTS:
        return check.invalid("contacts", f"At most {check.MAX_CONTACTS} contacts.")
    if sum(contact.is_primary for contact in contacts) > 1:
        return check.invalid("contacts", "At most one contact can be primary.")
    for contact in contacts:
        error = check.first_error(
            check.check_name("contacts.name", contact.name),
            check.check_email("contacts.email", contact.email),
            check.check_texts({"contacts.phone": contact.phone}),
        )
        if error is not None:
            return error
    return None


def validate(data: ClientData) -> ClientData | ClientError:
    """`data` normalised (currency upper-cased, names trimmed), or the first problem."""
    currency, currency_error = check.check_currency(data.default_currency)
    error = check.first_error(
        check.check_name("name", data.name),
        check.check_email("email", data.email),
        currency_error,
        check.check_language(data.language),
        check.check_country(data.country),
        check.check_payment_terms(data.payment_terms_days),
        check.check_texts({name: getattr(data, name) for name in TEXT_FIELDS}),
        check.check_custom_fields(data.custom_fields),
        _check_contacts(data.contacts),
    )
    if error is not None or currency is None:
        return error or client_error(ClientErrorCode.INVALID_CURRENCY, "Unknown currency.")
    country = data.country.upper() if data.country else None
    return replace(data, name=data.name.strip(), default_currency=currency, country=country)


def _contact_rows(organization_id: uuid.UUID, contacts: list[ContactData]) -> list[ClientContact]:
    return [
        ClientContact(
            organization_id=organization_id,
            position=position,
            name=contact.name.strip(),
            email=contact.email,
            phone=contact.phone,
            is_primary=contact.is_primary,
        )
        for position, contact in enumerate(contacts)
    ]


def _attributes(data: ClientData) -> dict[str, Any]:
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name != "contacts"}


async def create_client(
    session: AsyncSession, organization_id: uuid.UUID, data: ClientData
) -> Client | ClientError:
    """Create a client and its contacts, and emit financial.client.created.v1."""
    valid = validate(data)
    if isinstance(valid, ClientError):
        return valid
    client = Client(
        organization_id=organization_id,
        archived_at=None,
        contacts=_contact_rows(organization_id, valid.contacts),
        **_attributes(valid),
    )
    await ClientRepository(session, organization_id).add(client)
    payload = ClientCreatedV1(
        client_id=client.id,
        name=client.name,
        email=client.email,
        default_currency=client.default_currency,
    )
    await emit(session, outbox, payload, organization_id)
    return client


async def update_client(
    session: AsyncSession,
    organization_id: uuid.UUID,
    client_id: uuid.UUID,
    changes: dict[str, Any],
) -> Client | ClientError:
    """Apply `changes` (attribute -> new value; `contacts` replaces the whole list)."""
    client = await ClientRepository(session, organization_id).get(client_id)
    if client is None:
        return not_found()
    current = ClientData(
        contacts=[
            ContactData(name=c.name, email=c.email, phone=c.phone, is_primary=c.is_primary)
            for c in client.contacts
        ],
        **{f.name: getattr(client, f.name) for f in fields(ClientData) if f.name != "contacts"},
    )
    valid = validate(replace(current, **changes))
    if isinstance(valid, ClientError):
        return valid
    for name, value in _attributes(valid).items():
        setattr(client, name, value)
    if "contacts" in changes:
        client.contacts = _contact_rows(organization_id, valid.contacts)
    await session.flush()
    return client


async def set_archived(
    session: AsyncSession, organization_id: uuid.UUID, client_id: uuid.UUID, *, archived: bool
) -> Client | ClientError:
    """Archive (hide from lists, keep for history) or restore a client."""
    client = await ClientRepository(session, organization_id).get(client_id)
    if client is None:
        return not_found()
    if archived and client.archived_at is not None:
        return client_error(ClientErrorCode.ALREADY_ARCHIVED, "The client is already archived.")
    if not archived and client.archived_at is None:
        return client_error(ClientErrorCode.NOT_ARCHIVED, "The client is not archived.")
    client.archived_at = utcnow() if archived else None
    await session.flush()
    return client


async def clients_page(
    session: AsyncSession,
    organization_id: uuid.UUID,
    where: ClientFilter,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> list[Client]:
    """Up to `limit` of the organisation's clients in (name, id) order after `after`."""
    return await ClientRepository(session, organization_id).page(where, after, limit)
