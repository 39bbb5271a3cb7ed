"""GoCardless Bank Account Data (formerly Nordigen) through the official `nordigen` SDK.

Transactions come in the Berlin Group (PSD2) shape; only booked ones are imported (pending
ones change or vanish). The SDK is synchronous, so calls run on worker threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import requests
from nordigen import NordigenClient

from financial_subgraph.gocardless.bank_data.provider import (
    BankDataError,
    BankLink,
    Institution,
    ProviderAccount,
    ProviderTransaction,
)
from financial_subgraph.settings import FinancialSettings

T = TypeVar("T")


def _translate(error: Exception) -> BankDataError:
    if isinstance(error, requests.HTTPError) and error.response is not None:
        status = error.response.status_code
        if status == 404:
            return BankDataError("ACCOUNT_NOT_FOUND", "The bank-data provider has no such account.")
        return BankDataError("PROVIDER_REJECTED", f"The bank-data provider refused ({status}).")
    return BankDataError(
        "PROVIDER_UNAVAILABLE", f"The bank-data provider could not be reached: {error}"
    )


def _text(*parts: Any) -> str:
    return " / ".join(" ".join(str(p).split()) for p in parts if p and str(p).strip())


def transaction_from(entry: dict[str, Any]) -> ProviderTransaction:
    """A Berlin Group booked entry as a provider transaction (ValueError if unusable)."""
    money = entry.get("transactionAmount") or {}
    try:
        amount = Decimal(str(money["amount"]))
        booked_on = date.fromisoformat(str(entry.get("bookingDate") or entry["valueDate"]))
    except (KeyError, InvalidOperation) as error:
        raise ValueError(f"unusable transaction: {error}") from None
    incoming = amount > 0
    party = entry.get("debtorName") if incoming else entry.get("creditorName")
    party_account = (entry.get("debtorAccount") if incoming else entry.get("creditorAccount")) or {}
    remittance = entry.get("remittanceInformationUnstructured") or _text(
        *(entry.get("remittanceInformationUnstructuredArray") or [])
    )
    value_date = entry.get("valueDate")
    return ProviderTransaction(
        external_id=entry.get("transactionId") or entry.get("internalTransactionId"),
        booked_on=booked_on,
        amount=amount,
        currency=str(money.get("currency", "")).upper(),
        description=_text(remittance, entry.get("additionalInformation")) or _text(party),
        value_date=date.fromisoformat(value_date) if value_date else None,
        counterparty=_text(party) or None,
        counterparty_account=party_account.get("iban") or party_account.get("bban"),
    )


class AccountDataProvider:
    name = "gocardless_bank_data"

    def __init__(self, settings: FinancialSettings) -> None:
        secret_id, secret_key = settings.bank_data_secret_id, settings.bank_data_secret_key
        if secret_id is None or secret_key is None:
            raise BankDataError("NOT_CONFIGURED", "Bank-data sync is not configured.")
        self._client = NordigenClient(
            secret_id=secret_id.get_secret_value(),
            secret_key=secret_key.get_secret_value(),
            base_url=settings.bank_data_base_url.rstrip("/"),
        )

    async def _call(self, work: Callable[[], T]) -> T:
        def authorised() -> T:
            if self._client.token is None:
                self._client.generate_token()
            return work()

        try:
            return await asyncio.to_thread(authorised)
        except (requests.RequestException, KeyError, ValueError) as error:
            raise _translate(error) from error

    async def institutions(self, country: str) -> list[Institution]:
        found = await self._call(lambda: self._client.institution.get_institutions(country))
        return [
            Institution(i["id"], i["name"], i.get("bic"), tuple(i.get("countries", ())))
            for i in found
        ]

    async def start_link(self, institution_id: str, redirect_uri: str, reference: str) -> BankLink:
        session = await self._call(
            lambda: self._client.initialize_session(
                redirect_uri=redirect_uri, institution_id=institution_id, reference_id=reference
            )
        )
        return BankLink(session.requisition_id, session.link)

    async def linked_accounts(self, link_id: str) -> list[str]:
        found = await self._call(lambda: self._client.requisition.get_requisition_by_id(link_id))
        return [str(account) for account in found.get("accounts", [])]

    async def account(self, account_id: str) -> ProviderAccount:
        found = await self._call(lambda: self._client.account_api(account_id).get_metadata())
        return ProviderAccount(
            account_id, found.get("iban"), found.get("currency"), found.get("status")
        )

    async def transactions(self, account_id: str, since: date) -> list[ProviderTransaction]:
        api = self._client.account_api(account_id)
        found = await self._call(lambda: api.get_transactions(date_from=since.isoformat()))
        booked = (found.get("transactions") or {}).get("booked") or []
        try:
            return [transaction_from(entry) for entry in booked]
        except ValueError as error:
            raise BankDataError("PROVIDER_REJECTED", str(error)) from None
