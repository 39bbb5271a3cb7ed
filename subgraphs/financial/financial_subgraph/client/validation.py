"""Input rules for clients: each failure is a typed ClientError naming the field."""

from __future__ import annotations

from typing import Any

import pycountry
from email_validator import EmailNotValidError, validate_email

from financial_subgraph.client.currencies import normalise_currency
from financial_subgraph.client.errors import ClientError, ClientErrorCode, client_error

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 2000
MAX_NOTES_LENGTH = 20_000
MAX_PAYMENT_TERMS_DAYS = 3650
MAX_CONTACTS = 50


def invalid(field: str, message: str) -> ClientError:
    return client_error(ClientErrorCode.INVALID_INPUT, message, field)


def check_name(field: str, value: str) -> ClientError | None:
    if not value.strip() or len(value) > MAX_NAME_LENGTH:
        return invalid(field, f"{field} must be 1 to {MAX_NAME_LENGTH} characters.")
    return None


def check_email(field: str, value: str | None) -> ClientError | None:
    if value is None:
        return None
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return client_error(ClientErrorCode.INVALID_EMAIL, str(error), field)
    return None


def check_currency(value: str) -> tuple[str | None, ClientError | None]:
    code = normalise_currency(value)
    if code is None:
        error = client_error(
            ClientErrorCode.INVALID_CURRENCY,
            f"{value!r} is not an ISO-4217 currency code.",
            "defaultCurrency",
        )
        return None, error
    return code, None


def check_language(value: str | None) -> ClientError | None:
    # A BCP 47 tag whose primary subtag is an ISO 639-1 language ("de", "en-GB").
    if value is None:
        return None
    primary = value.split("-", 1)[0].lower()
    if len(primary) != 2 or pycountry.languages.get(alpha_2=primary) is None:
        return invalid("language", f"{value!r} is not a language tag such as 'en' or 'de-AT'.")
    return None


def check_country(value: str | None) -> ClientError | None:
    if value is None:
        return None
    if len(value) != 2 or pycountry.countries.get(alpha_2=value.upper()) is None:
        return invalid("billingAddress.country", f"{value!r} is not an ISO 3166-1 alpha-2 code.")
    return None


def check_payment_terms(value: int) -> ClientError | None:
    if not 0 <= value <= MAX_PAYMENT_TERMS_DAYS:
        return invalid("paymentTermsDays", f"Use 0 to {MAX_PAYMENT_TERMS_DAYS} days.")
    return None


def check_texts(values: dict[str, str | None]) -> ClientError | None:
    for field, value in values.items():
        limit = MAX_NOTES_LENGTH if field == "notes" else MAX_TEXT_LENGTH
        if value is not None and len(value) > limit:
            return invalid(field, f"{field} must be at most {limit} characters.")
    return None


def check_custom_fields(value: Any) -> ClientError | None:
    if not isinstance(value, dict):
        return invalid("customFields", "customFields must be a JSON object.")
    return None


def first_error(*errors: ClientError | None) -> ClientError | None:
    return next((error for error in errors if error is not None), None)
