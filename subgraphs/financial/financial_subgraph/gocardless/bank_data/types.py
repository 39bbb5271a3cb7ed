"""GraphQL types of bank-data linking and sync."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from financial_subgraph.gocardless.bank_data.models import BankDataConnection as ConnectionRow
from financial_subgraph.gocardless.bank_data.provider import Institution


@strawberry.type(description="A bank account fed by an account at a bank-data provider.")
class BankDataConnection:
    account_id: strawberry.ID
    provider: str
    provider_account_id: str
    synced_through: date | None = strawberry.field(
        description="The latest booking date imported; the next sync starts a day before."
    )
    last_synced_at: datetime | None

    @classmethod
    def from_row(cls, row: ConnectionRow) -> BankDataConnection:
        return cls(
            account_id=strawberry.ID(str(row.bank_account_id)),
            provider=row.provider,
            provider_account_id=row.external_account_id,
            synced_through=row.synced_through,
            last_synced_at=row.last_synced_at,
        )


@strawberry.type
class BankDataInstitution:
    id: str
    name: str
    bic: str | None
    countries: list[str]

    @classmethod
    def from_institution(cls, found: Institution) -> BankDataInstitution:
        return cls(id=found.id, name=found.name, bic=found.bic, countries=list(found.countries))


@strawberry.type
class BankDataLinkPayload:
    link_id: str = strawberry.field(description="Pass to bankDataLinkedAccounts afterwards.")
    url: str = strawberry.field(description="Send the account holder here to give consent.")


@strawberry.type
class BankDataConnectionPayload:
    connection: BankDataConnection


@strawberry.type
class BankSyncPayload:
    connection: BankDataConnection
    fetched: int = strawberry.field(description="Booked transactions the provider returned.")
    imported: int
    duplicates: int
    import_id: strawberry.ID | None
    transaction_ids: list[strawberry.ID]
    formula_cells: int = strawberry.field(
        default=0,
        description="Imported text cells that start like a spreadsheet formula (see"
        " ImportBankStatementPayload.formulaCells).",
    )
