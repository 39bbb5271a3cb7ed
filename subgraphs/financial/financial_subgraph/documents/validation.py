"""Input rules for templates and seller profiles; each failure names its field."""

from __future__ import annotations

import base64
import binascii
import re

import pycountry

from financial_subgraph.documents.errors import DocumentError, DocumentErrorCode, invalid
from financial_subgraph.documents.errors import document_error as error

MAX_NAME = 100
MAX_TEXT = 500
MAX_LOGO_BYTES = 512 * 1024
LOGO_PATTERN = re.compile(
    r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,([A-Za-z0-9+/=\s]+)", re.DOTALL
)
COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
BIC_PATTERN = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")


def check_name(field: str, value: str, limit: int = MAX_NAME) -> DocumentError | None:
    if not value.strip() or len(value) > limit:
        return invalid(field, f"{field} must be 1 to {limit} characters.")
    return None


def check_texts(values: dict[str, str | None]) -> DocumentError | None:
    for field, value in values.items():
        if value is not None and len(value) > MAX_TEXT:
            return invalid(field, f"{field} must be at most {MAX_TEXT} characters.")
    return None


def check_color(field: str, value: str | None) -> DocumentError | None:
    if value is not None and not COLOR_PATTERN.fullmatch(value):
        return error(DocumentErrorCode.INVALID_COLOR, "Use a hex colour such as #1f4e79.", field)
    return None


def check_logo(field: str, value: str | None) -> DocumentError | None:
    """A base64 data: URI of a PNG, JPEG, GIF, WebP or SVG image of at most 512 KiB."""
    if value is None:
        return None
    match = LOGO_PATTERN.fullmatch(value)
    if match is None:
        message = "The logo must be a data:image/(png|jpeg|gif|webp|svg+xml);base64 URI."
        return error(DocumentErrorCode.INVALID_LOGO, message, field)
    try:
        image = base64.b64decode("".join(match.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        return error(DocumentErrorCode.INVALID_LOGO, "The logo is not valid base64.", field)
    if not image or len(image) > MAX_LOGO_BYTES:
        message = f"The logo must be 1 byte to {MAX_LOGO_BYTES // 1024} KiB."
        return error(DocumentErrorCode.INVALID_LOGO, message, field)
    return None


def check_country(field: str, value: str | None) -> DocumentError | None:
    if value is None:
        return None
    if len(value) != 2 or pycountry.countries.get(alpha_2=value.upper()) is None:
        return invalid(field, f"{value!r} is not an ISO 3166-1 alpha-2 code.")
    return None


def normalise_iban(value: str) -> str:
    return "".join(value.split()).upper()


def check_iban(field: str, value: str | None) -> DocumentError | None:
    """ISO 13616: country code, check digits, and the mod-97 checksum."""
    if value is None:
        return None
    iban = normalise_iban(value)
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return error(DocumentErrorCode.INVALID_IBAN, "Not an IBAN.", field)
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        return error(DocumentErrorCode.INVALID_IBAN, "The IBAN's check digits are wrong.", field)
    return None


def check_bic(field: str, value: str | None) -> DocumentError | None:
    if value is not None and not BIC_PATTERN.fullmatch(value.strip().upper()):
        return invalid(field, "A BIC has 8 or 11 letters and digits.")
    return None


def first_error(*errors: DocumentError | None) -> DocumentError | None:
    return next((found for found in errors if found is not None), None)
