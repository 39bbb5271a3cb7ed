"""GraphQL inputs of the client mutations and their translation to service data."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from financial_subgraph.client import validation as check
from financial_subgraph.client.errors import ClientError
from financial_subgraph.client.service import ClientData, ContactData

# Fields an update may not set to null.
REQUIRED = {"name": "name", "default_currency": "defaultCurrency"}
REQUIRED |= {"payment_terms_days": "paymentTermsDays", "custom_fields": "customFields"}


@strawberry.input
class ContactInput:
    name: str
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False

    def to_data(self) -> ContactData:
        return ContactData(self.name, self.email, self.phone, self.is_primary)


@strawberry.input
class BillingAddressInput:
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2.")

    def to_columns(self) -> dict[str, str | None]:
        return {
            "address_line1": self.line1,
            "address_line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postal_code": self.postal_code,
            "country": self.country,
        }


EMPTY_ADDRESS = BillingAddressInput().to_columns()


@strawberry.input
class CreateClientInput:
    name: str
    default_currency: str = strawberry.field(description="ISO-4217 code, e.g. EUR.")
    email: str | None = None
    phone: str | None = None
    tax_id: str | None = None
    language: str | None = strawberry.field(default=None, description="BCP 47, e.g. de-AT.")
    payment_terms_days: int = 30
    billing_address: BillingAddressInput | None = None
    notes: str | None = None
    custom_fields: JSON | None = None
    contacts: list[ContactInput] | None = None

    def to_data(self) -> ClientData:
        address = self.billing_address.to_columns() if self.billing_address else EMPTY_ADDRESS
        return ClientData(
            name=self.name,
            default_currency=self.default_currency,
            email=self.email,
            phone=self.phone,
            tax_id=self.tax_id,
            language=self.language,
            payment_terms_days=self.payment_terms_days,
            notes=self.notes,
            # Not validated here: validation answers a non-object with a typed error.
            custom_fields=self.custom_fields if self.custom_fields is not None else {},  # type: ignore[arg-type]
            contacts=[contact.to_data() for contact in self.contacts or []],
            **address,
        )


@strawberry.input(
    description="Only the fields given change; billingAddress and contacts are replaced whole."
)
class UpdateClientInput:
    name: str | None = strawberry.UNSET
    default_currency: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    tax_id: str | None = strawberry.UNSET
    language: str | None = strawberry.UNSET
    payment_terms_days: int | None = strawberry.UNSET
    billing_address: BillingAddressInput | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET
    custom_fields: JSON | None = strawberry.UNSET
    contacts: list[ContactInput] | None = strawberry.UNSET

    def to_changes(self) -> dict[str, Any] | ClientError:
        """Attribute -> new value for each field given, or an error for a forbidden null."""
        given = {
            name: value
            for name, value in vars(self).items()
            if value is not strawberry.UNSET and name not in ("billing_address", "contacts")
        }
        for name, label in REQUIRED.items():
            if name in given and given[name] is None:
                return check.invalid(label, f"{label} cannot be null.")
        if self.billing_address is not strawberry.UNSET:
            address = self.billing_address
            given |= address.to_columns() if address is not None else EMPTY_ADDRESS
        if self.contacts is not strawberry.UNSET:
            given["contacts"] = [contact.to_data() for contact in self.contacts or []]
        return given
