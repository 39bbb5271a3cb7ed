"""Input rules for drafts: each failure is a typed InvoiceError naming the field."""

from __future__ import annotations

from decimal import Decimal

from financial_subgraph.currency.codes import currency_in_use
from financial_subgraph.currency.money import quantize
from financial_subgraph.invoice.errors import (
    InvoiceError,
    InvoiceErrorCode,
    discount_too_large,
    invalid,
    invoice_error,
)
from financial_subgraph.invoice.totals import Discount

MAX_LINES = 500
MAX_TAXES_PER_LINE = 5
MAX_DESCRIPTION = 2000
MAX_NOTES = 20_000
MAX_TAX_NAME = 100
MAX_ABS_AMOUNT = Decimal("1e14")  # comfortably inside Numeric(20, 4) after multiplication
MAX_PAYMENT_TERMS_DAYS = 3650
HUNDRED = Decimal(100)


def check_currency(code: str) -> str | InvoiceError:
    # Legal tender only: XXX, XAU, XTS... and withdrawn codes (DEM) are refused on the draft,
    # not first at issue.
    info = currency_in_use(code)
    if info is None:
        message = f"{code[:10]!r} is not an ISO-4217 currency code in use today."
        return invoice_error(InvoiceErrorCode.UNKNOWN_CURRENCY, message, "currency")
    return info.code


def check_decimal(field: str, value: Decimal, places: int) -> InvoiceError | None:
    if not value.is_finite() or abs(value) >= MAX_ABS_AMOUNT:
        return invalid(field, f"{field} is out of range.")
    if value != value.quantize(Decimal(1).scaleb(-places)):
        return invalid(field, f"{field} has more than {places} decimal places.")
    return None


def check_discount(field: str, discount: Discount | None, currency: str) -> InvoiceError | None:
    if discount is None:
        return None
    if discount.kind not in ("percent", "amount"):
        return invalid(field, "A discount is a percent or an amount.")
    if discount.value < 0:
        return invalid(field, "A discount cannot be negative.")
    if discount.kind == "percent" and discount.value > HUNDRED:
        return discount_too_large(field, "A percent discount is at most 100.")
    if discount.kind == "amount" and quantize(discount.value, currency) != discount.value:
        return invalid(field, f"A discount amount is in whole minor units of {currency}.")
    return check_decimal(field, discount.value, 4)


def check_discount_fits(
    field: str, discount: Discount | None, amount: Decimal, reduced: str
) -> InvoiceError | None:
    """A fixed discount takes at most the `amount` it reduces (a line's quantity x price, or
    the subtotal); on a zero or negative amount there is nothing to discount."""
    if discount is None or discount.kind != "amount" or discount.value == 0:
        return None
    if discount.value <= amount:
        return None
    message = f"The discount of {discount.value} exceeds the {reduced} of {amount}."
    return discount_too_large(field, message)


def check_rate(field: str, rate: Decimal) -> InvoiceError | None:
    if not rate.is_finite() or not 0 <= rate <= HUNDRED:
        return invalid(field, "A tax rate is a percent from 0 to 100.")
    return check_decimal(field, rate, 4)


def check_text(
    field: str, value: str | None, limit: int, *, required: bool = False
) -> InvoiceError | None:
    if value is None:
        return invalid(field, f"{field} is required.") if required else None
    if (required and not value.strip()) or len(value) > limit:
        return invalid(field, f"{field} must be {'1' if required else '0'} to {limit} characters.")
    return None


def first_error(*errors: InvoiceError | None) -> InvoiceError | None:
    return next((error for error in errors if error is not None), None)
