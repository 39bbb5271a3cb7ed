"""Bank test helpers: GraphQL documents, sample statements, account and import shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devstack.testing import GraphQL

DATA = Path(__file__).parent / "data"
RATES = Path(__file__).parent.parent / "currency" / "data" / "eurofxref-sample.csv"


def sample(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


ACCOUNT_FIELDS = """id name currency iban accountNumber bankName openingBalance archivedAt
balance"""

CREATE_ACCOUNT = f"""mutation($input: CreateBankAccountInput!) {{
  createBankAccount(input: $input) {{
    __typename
    ... on BankAccountPayload {{ account {{ {ACCOUNT_FIELDS} }} }}
    ... on BankError {{ code message field }}
  }}
}}"""

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

IMPORT = """mutation($input: ImportBankStatementInput!) {
  importBankStatement(input: $input) {
    __typename
    ... on ImportBankStatementPayload {
      bankImport { id accountId format filename rows imported duplicates errors }
      transactionIds
    }
    ... on BankImportError { code message field rows { row field message } }
  }
}"""

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


async def create_account(gql: GraphQL, bearer: str, **fields: Any) -> dict[str, Any]:
    body = await gql(
        CREATE_ACCOUNT, bearer=bearer, input={"name": "Main", "currency": "EUR", **fields}
    )
    result: dict[str, Any] = body["data"]["createBankAccount"]
    assert result["__typename"] == "BankAccountPayload", body
    return dict(result["account"])


async def import_statement(
    gql: GraphQL, bearer: str, account_id: str, format: str, content: str, **extra: Any
) -> dict[str, Any]:
    statement = {"accountId": account_id, "format": format, "content": content, **extra}
    body = await gql(IMPORT, bearer=bearer, input=statement)
    assert "errors" not in body, body
    return dict(body["data"]["importBankStatement"])


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


IMPORT_RATES = """mutation($csv: String!) { importEcbRates(csv: $csv) {
  __typename ... on RateImportPayload { inserted } } }"""


async def load_rates(gql: GraphQL, admin: str) -> None:
    """The real ECB sample (2026-10-19 to 2026-10-30) as the organisation's rates."""
    body = await gql(IMPORT_RATES, bearer=admin, csv=RATES.read_text())
    assert body["data"]["importEcbRates"]["__typename"] == "RateImportPayload", body
