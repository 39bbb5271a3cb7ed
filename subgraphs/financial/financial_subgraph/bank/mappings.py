"""Saved CSV column mappings: checked once when saved, turned into a parser layout on import."""

from __future__ import annotations

import codecs
import uuid
from dataclasses import asdict, fields
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.errors import BankError, BankErrorCode, bank_error
from financial_subgraph.bank.models import CsvMapping
from financial_subgraph.bank.parsing import CsvLayout
from financial_subgraph.bank.repository import CsvMappingRepository
from financial_subgraph.bank.validation import MAX_NAME

MAX_SKIP_ROWS = 100
PROBE = date(2031, 12, 25)  # day, month and year all distinct: a format must keep each


def _invalid(field: str, message: str) -> BankError:
    return bank_error(BankErrorCode.INVALID_MAPPING, message, field)


def _date_format_error(date_format: str) -> BankError | None:
    try:
        if datetime.strptime(PROBE.strftime(date_format), date_format).date() == PROBE:
            return None
    except ValueError:
        pass
    return _invalid(
        "dateFormat", f"{date_format!r} is not a strftime date format with day, month and year."
    )


def check_layout(layout: CsvLayout) -> BankError | None:
    """The first problem with `layout`, None when it can read a file."""
    if not layout.date_column:
        return _invalid("dateColumn", "The date column is required.")
    has_pair = bool(layout.debit_column) and bool(layout.credit_column)
    if bool(layout.amount_column) == has_pair or (
        not has_pair and (layout.debit_column or layout.credit_column)
    ):
        message = "Name either the amount column or both the debit and credit columns."
        return _invalid("amountColumn", message)
    if layout.decimal_separator not in (".", ","):
        return _invalid("decimalSeparator", "The decimal separator is '.' or ','.")
    if len(layout.delimiter) != 1 or layout.delimiter in '\r\n"':
        return _invalid("delimiter", "The delimiter is one character (',', ';', tab...).")
    if not 0 <= layout.skip_rows <= MAX_SKIP_ROWS:
        return _invalid("skipRows", f"Skip 0 to {MAX_SKIP_ROWS} lines.")
    try:
        codecs.lookup(layout.encoding)
    except LookupError:
        return _invalid("encoding", f"{layout.encoding!r} is not a known encoding.")
    return _date_format_error(layout.date_format)


def layout_of(mapping: CsvMapping) -> CsvLayout:
    return CsvLayout(**{f.name: getattr(mapping, f.name) for f in fields(CsvLayout)})


async def all_mappings(session: AsyncSession, organization_id: uuid.UUID) -> list[CsvMapping]:
    """The organisation's saved mappings by name."""
    return await CsvMappingRepository(session, organization_id).all()


async def find_mapping(
    session: AsyncSession, organization_id: uuid.UUID, mapping_id: uuid.UUID
) -> CsvMapping | None:
    return await CsvMappingRepository(session, organization_id).get(mapping_id)


async def save_mapping(
    session: AsyncSession, organization_id: uuid.UUID, name: str, layout: CsvLayout
) -> CsvMapping | BankError:
    """Create the mapping called `name`, or replace the one of that name."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        return _invalid("name", f"A name of 1 to {MAX_NAME} characters is required.")
    error = check_layout(layout)
    if error is not None:
        return error
    mapping = await CsvMappingRepository(session, organization_id).named(name)
    if mapping is None:
        mapping = CsvMapping(organization_id=organization_id, name=name)
        session.add(mapping)
    for column, value in asdict(layout).items():
        setattr(mapping, column, value)
    await session.flush()
    return mapping
