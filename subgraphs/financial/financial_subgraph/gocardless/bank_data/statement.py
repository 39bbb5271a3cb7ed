"""Provider transactions as a statement the BANK domain's importer reads.

The importer's public entry point takes a statement file (`import_statement`); the rows are
written as CSV with a fixed layout, so the sync gets the importer's whole contract (all or
nothing, dedupe by external id and content hash, categorisation, one imported event).
The CSV is produced and read by code: ISO dates, '.' decimals, quoted by the csv module.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

from financial_subgraph.bank.importing import StatementFile
from financial_subgraph.bank.parsing import CsvLayout, StatementFormat
from financial_subgraph.gocardless.bank_data.provider import ProviderTransaction

COLUMNS: tuple[str, ...] = ("booked_on", "value_date", "amount", "description", "counterparty")
COLUMNS += ("counterparty_account", "external_id")
LAYOUT = CsvLayout(
    date_column="booked_on",
    value_date_column="value_date",
    amount_column="amount",
    description_column="description",
    counterparty_column="counterparty",
    counterparty_account_column="counterparty_account",
    external_id_column="external_id",
)


def _row(transaction: ProviderTransaction) -> list[str]:
    value_date = transaction.value_date.isoformat() if transaction.value_date else ""
    return [
        transaction.booked_on.isoformat(),
        value_date,
        format(transaction.amount, "f"),
        " ".join(transaction.description.split()),
        transaction.counterparty or "",
        transaction.counterparty_account or "",
        transaction.external_id or "",
    ]


def statement_of(
    account_id: uuid.UUID, provider: str, transactions: list[ProviderTransaction], today: date
) -> StatementFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(transaction) for transaction in transactions)
    return StatementFile(
        account_id=account_id,
        format=StatementFormat.CSV,
        content=buffer.getvalue(),
        filename=f"{provider}-{today.isoformat()}.csv",
        csv_layout=LAYOUT,
    )
