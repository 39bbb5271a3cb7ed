"""The bank-data provider interface: institutions, linking a bank (a consent the account
holder gives at the bank), the accounts linked, and booked transactions since a date.

GoCardless Bank Account Data is one implementation (account_data.py); others (Plaid,
TrueLayer, a bank's own API) would implement the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol


class BankDataError(Exception):
    """`code`: NOT_CONFIGURED, PROVIDER_UNAVAILABLE, PROVIDER_REJECTED or ACCOUNT_NOT_FOUND."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    bic: str | None
    countries: tuple[str, ...]


@dataclass(frozen=True)
class BankLink:
    """A consent in progress: the account holder opens `url` at their bank."""

    id: str
    url: str


@dataclass(frozen=True)
class ProviderAccount:
    id: str
    iban: str | None
    currency: str | None
    status: str | None


@dataclass(frozen=True)
class ProviderTransaction:
    """A booked transaction; `amount` is signed (+ in, - out)."""

    external_id: str | None
    booked_on: date
    amount: Decimal
    currency: str
    description: str
    value_date: date | None = None
    counterparty: str | None = None
    counterparty_account: str | None = None


class BankDataProvider(Protocol):
    name: str

    async def institutions(self, country: str) -> list[Institution]: ...

    async def start_link(
        self, institution_id: str, redirect_uri: str, reference: str
    ) -> BankLink: ...

    async def linked_accounts(self, link_id: str) -> list[str]: ...

    async def account(self, account_id: str) -> ProviderAccount: ...

    async def transactions(self, account_id: str, since: date) -> list[ProviderTransaction]: ...
