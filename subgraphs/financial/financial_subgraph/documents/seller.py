"""The seller profile: the organisation's legal details printed on (and e-invoiced with)
every document. One row per organisation, replaced whole."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields, replace

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.documents import validation as check
from financial_subgraph.documents.errors import DocumentError
from financial_subgraph.documents.models import SellerProfile
from financial_subgraph.documents.repository import SellerProfileRepository


@dataclass(frozen=True)
class SellerData:
    legal_name: str
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    tax_id: str | None = None
    email: str | None = None
    phone: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    logo_data_uri: str | None = None


TEXTS: tuple[str, ...] = ("address_line1", "address_line2", "city", "region", "postal_code")
TEXTS += ("tax_id", "email", "phone", "bank_name")


def validate(data: SellerData) -> SellerData | DocumentError:
    error = check.first_error(
        check.check_name("legalName", data.legal_name, limit=200),
        check.check_country("address.country", data.country),
        check.check_texts({name: getattr(data, name) for name in TEXTS}),
        check.check_iban("iban", data.iban),
        check.check_bic("bic", data.bic),
        check.check_logo("logoDataUri", data.logo_data_uri),
    )
    if error is not None:
        return error
    return replace(
        data,
        legal_name=data.legal_name.strip(),
        country=data.country.upper() if data.country else None,
        iban=check.normalise_iban(data.iban) if data.iban else None,
        bic=data.bic.strip().upper() if data.bic else None,
    )


async def save_seller_profile(
    session: AsyncSession, organization_id: uuid.UUID, data: SellerData
) -> SellerProfile | DocumentError:
    """Create or replace the organisation's seller profile."""
    valid = validate(data)
    if isinstance(valid, DocumentError):
        return valid
    row = await SellerProfileRepository(session, organization_id).of_organization()
    if row is None:
        row = SellerProfile(organization_id=organization_id)
        session.add(row)
    for attribute in fields(SellerData):
        setattr(row, attribute.name, getattr(valid, attribute.name))
    await session.flush()
    return row


async def seller_profile_of(
    session: AsyncSession, organization_id: uuid.UUID
) -> SellerProfile | None:
    """The organisation's seller profile; None until an admin sets it."""
    return await SellerProfileRepository(session, organization_id).of_organization()
