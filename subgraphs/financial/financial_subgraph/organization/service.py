"""An organisation's financial settings, and amounts converted into its base currency.

Every financial amount is stored twice: as written (document or bank currency) and in the
organisation's base currency at the rate of the amount's own date, so reports never re-rate
history when rates are corrected or the date range moves.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.codes import currency_in_use
from financial_subgraph.currency.errors import ExchangeRateError
from financial_subgraph.currency.money import convert, quantize
from financial_subgraph.currency.service import rate
from financial_subgraph.organization.errors import SettingsError, SettingsErrorCode
from financial_subgraph.organization.models import OrganizationSettings
from financial_subgraph.organization.repository import SettingsRepository

DEFAULT_BASE_CURRENCY = "EUR"


@dataclass(frozen=True)
class BaseAmount:
    """`amount` in the base currency, and the rate (1 unit of the original in base) used."""

    amount: Decimal
    currency: str
    rate: Decimal
    rate_date: date


async def settings_of(session: AsyncSession, organization_id: uuid.UUID) -> OrganizationSettings:
    """The organisation's settings; defaults (not stored) when it never changed any."""
    row = await SettingsRepository(session, organization_id).stored()
    if row is None:
        return OrganizationSettings(
            organization_id=organization_id, base_currency=DEFAULT_BASE_CURRENCY
        )
    return row


async def base_currency_of(session: AsyncSession, organization_id: uuid.UUID) -> str:
    return (await settings_of(session, organization_id)).base_currency


async def set_base_currency(
    session: AsyncSession, organization_id: uuid.UUID, code: str
) -> OrganizationSettings | SettingsError:
    """Set the base currency, while nothing has been converted into the current one: after
    that, reports would add amounts in two different currencies."""
    info = currency_in_use(code)
    if info is None:
        return SettingsError(
            code=SettingsErrorCode.UNKNOWN_CURRENCY,
            message=f"{code!r} is not an ISO-4217 code in use today.",
        )
    settings = SettingsRepository(session, organization_id)
    current = await settings_of(session, organization_id)
    if info.code != current.base_currency and await settings.has_converted_amounts():
        return SettingsError(
            code=SettingsErrorCode.BASE_CURRENCY_LOCKED,
            message="Issued invoices or bank transactions are already converted into"
            f" {current.base_currency}; the base currency can no longer change.",
        )
    row = await settings.stored()
    if row is None:
        return await settings.add(
            OrganizationSettings(organization_id=organization_id, base_currency=info.code)
        )
    row.base_currency = info.code
    await session.flush()
    return row


async def to_base(
    session: AsyncSession,
    organization_id: uuid.UUID,
    amount: Decimal,
    currency: str,
    on_date: date,
) -> BaseAmount | ExchangeRateError:
    """`amount` of `currency` in the organisation's base currency at `on_date`'s rate."""
    base = await base_currency_of(session, organization_id)
    if currency == base:
        return BaseAmount(quantize(amount, base), base, Decimal(1), on_date)
    quote = await rate(session, currency, base, on_date)
    if isinstance(quote, ExchangeRateError):
        return quote
    return BaseAmount(convert(amount, quote.rate, base), base, quote.rate, quote.rate_date)
