"""Bank test helpers: GraphQL documents, sample statements, account and import shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devstack.factories.financial import (
    ACCOUNT_FIELDS,
    CREATE_BANK_ACCOUNT,
    IMPORT_STATEMENT,
    import_ecb_rates,
)
from devstack.testing import GraphQL

DATA = Path(__file__).parent / "data"
RATES = Path(__file__).parent.parent / "currency" / "data" / "eurofxref-sample.csv"


def sample(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# Accounts and imports are made as every test makes them (devstack.factories.financial).
CREATE_ACCOUNT = CREATE_BANK_ACCOUNT
IMPORT = IMPORT_STATEMENT

UPDATE_ACCOUNT = f"""mutation($id: ID!, $input: UpdateBankAccountInput!) {{
  updateBankAccount(id: $id, input: $input) {{
    __typename
    ... on BankAccountPayload {{ account {{ {ACCOUNT_FIELDS} }} }}
    ... on BankError {{ code message field }}
  }}
}}"""

ARCHIVE_ACCOUNT = """mutation($id: ID!) {
  archiveBankAccount(id: $id) {
    __typename
    ... on BankAccountPayload { account { id archivedAt } }
    ... on BankError { code message }
  }
}"""

ACCOUNTS = f"""query($all: Boolean! = false) {{
  bankAccounts(includeArchived: $all) {{ {ACCOUNT_FIELDS} }} }}"""

TRANSACTION_FIELDS = """id accountId bookedOn valueDate amount currency description counterparty
counterpartyAccount externalId baseAmount baseCurrency exchangeRate categoryId tags importId"""

TRANSACTIONS = f"""query($accountId: ID, $from: Date, $to: Date, $search: String,
                  $uncategorized: Boolean! = false, $first: Int! = 50, $after: String) {{
  bankTransactions(accountId: $accountId, from: $from, to: $to, search: $search,
                   uncategorized: $uncategorized, first: $first, after: $after) {{
    edges {{ cursor node {{ {TRANSACTION_FIELDS} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

# A CSV layout as a German bank exports it: ';' separated, day-first dates, decimal comma.
GERMAN_LAYOUT = {
    "dateColumn": "Buchungstag",
    "valueDateColumn": "Valuta",
    "amountColumn": "Betrag",
    "descriptionColumn": "Verwendungszweck",
    "counterpartyColumn": "Auftraggeber/Empfänger",
    "counterpartyAccountColumn": "IBAN",
    "dateFormat": "%d.%m.%Y",
    "decimalSeparator": ",",
    "delimiter": ";",
    "skipRows": 2,
}


async def transactions(gql: GraphQL, bearer: str, **variables: Any) -> list[dict[str, Any]]:
    body = await gql(TRANSACTIONS, bearer=bearer, **variables)
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["bankTransactions"]["edges"]]


async def account(gql: GraphQL, bearer: str, account_id: str) -> dict[str, Any] | None:
    body = await gql(
        f"query($id: ID!) {{ bankAccount(id: $id) {{ {ACCOUNT_FIELDS} }} }}",
        bearer=bearer,
        id=account_id,
    )
    assert "errors" not in body, body
    found: dict[str, Any] | None = body["data"]["bankAccount"]
    return found


async def load_rates(gql: GraphQL, admin: str) -> None:
    """The real ECB sample (2026-10-19 to 2026-10-30) as the organisation's rates."""
    await import_ecb_rates(gql, admin, RATES.read_text())
