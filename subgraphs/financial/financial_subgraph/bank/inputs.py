"""GraphQL inputs of the bank mutations and their translation to service data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from financial_subgraph.bank.parsing import CsvLayout, StatementFormat
from financial_subgraph.bank.service import AccountData
from service_runtime.input_limits import text_limit

# Statement files are large by nature (importing.MAX_CONTENT, checked there with its own code).
STATEMENT_TEXT = text_limit(64 * 1024 * 1024)

NOT_NULL = {"name": "name", "currency": "currency", "opening_balance": "openingBalance"}


@strawberry.input
class CreateBankAccountInput:
    name: str
    currency: str = strawberry.field(description="ISO-4217 code of the account.")
    iban: str | None = None
    account_number: str | None = None
    bank_name: str | None = None
    opening_balance: Decimal = Decimal(0)

    def to_data(self) -> AccountData:
        return AccountData(**vars(self))


@strawberry.input(description="Only the fields given change.")
class UpdateBankAccountInput:
    name: str | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    iban: str | None = strawberry.UNSET
    account_number: str | None = strawberry.UNSET
    bank_name: str | None = strawberry.UNSET
    opening_balance: Decimal | None = strawberry.UNSET

    def to_changes(self) -> dict[str, Any] | str:
        """Attribute -> new value for each field given, or the name of a forbidden null."""
        given = {k: v for k, v in vars(self).items() if v is not strawberry.UNSET}
        for name, label in NOT_NULL.items():
            if name in given and given[name] is None:
                return label
        return given


@strawberry.input(description="Which CSV columns (by header name) hold what, and how to read them.")
class CsvLayoutInput:
    date_column: str
    amount_column: str | None = strawberry.field(
        default=None, description="A signed amount; or give debitColumn and creditColumn."
    )
    debit_column: str | None = None
    credit_column: str | None = None
    description_column: str | None = None
    counterparty_column: str | None = None
    counterparty_account_column: str | None = None
    external_id_column: str | None = None
    value_date_column: str | None = None
    date_format: str = strawberry.field(default="%Y-%m-%d", description="strftime, e.g. %d.%m.%Y")
    decimal_separator: str = "."
    delimiter: str = ","
    skip_rows: int = strawberry.field(default=0, description="Lines before the header line.")
    encoding: str = "utf-8"

    def to_layout(self) -> CsvLayout:
        return CsvLayout(**vars(self))


@strawberry.input
class ImportBankStatementInput:
    account_id: strawberry.ID
    format: StatementFormat
    content: str = strawberry.field(
        description="The statement file's text.", metadata=STATEMENT_TEXT
    )
    filename: str | None = None
    csv_mapping: CsvLayoutInput | None = strawberry.field(
        default=None, description="CSV only: an inline layout (or give csvMappingId)."
    )
    csv_mapping_id: strawberry.ID | None = strawberry.field(
        default=None, description="CSV only: a saved mapping."
    )
    day_first: bool = strawberry.field(
        default=False, description="QIF only: dates are day/month/year (else month/day/year)."
    )
