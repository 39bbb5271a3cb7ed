"""Bank statements end to end: real processes, through the router, tokens from auth."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from devstack.factories.financial import create_bank_account
from devstack.stack import Stack
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[2] / "subgraphs/financial/tests/bank/data"

IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  __typename
  ... on ImportBankStatementPayload { bankImport { rows imported duplicates } transactionIds }
  ... on BankImportError { code message rows { row field } } } }"""

LIST = """query($accountId: ID) { bankTransactions(accountId: $accountId, first: 20) {
  edges { node { id bookedOn amount counterparty externalId } } } }"""

CSV_LAYOUT = {
    "dateColumn": "Buchungstag",
    "amountColumn": "Betrag",
    "descriptionColumn": "Verwendungszweck",
    "counterpartyColumn": "Auftraggeber/Empfänger",
    "dateFormat": "%d.%m.%Y",
    "decimalSeparator": ",",
    "delimiter": ";",
    "skipRows": 2,
}


async def test_statements_import_through_the_router_once(running_stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        token = await register(http, "bank")
        account_id = (await create_bank_account(http, token))["id"]
        statements = [
            {
                "format": "CSV",
                "content": (DATA / "statement-de.csv").read_text(),
                "csvMapping": CSV_LAYOUT,
            },
            {"format": "OFX", "content": (DATA / "statement-1.02.ofx").read_text()},
        ]
        ids: list[str] = []
        # The OFX repeats the CSV's Acme payment (same day, amount, text and payer): the same
        # transaction from another export, so it is a duplicate, not a new one.
        for statement, expected in zip(statements, [(5, 5, 0), (3, 2, 1)], strict=True):
            body = await graphql(http, IMPORT, token, input={"accountId": account_id, **statement})
            result = body["data"]["importBankStatement"]
            counts = result["bankImport"]
            assert (counts["rows"], counts["imported"], counts["duplicates"]) == expected, body
            ids += result["transactionIds"]
        listed = await graphql(http, LIST, token, accountId=account_id)
        nodes = [edge["node"] for edge in listed["data"]["bankTransactions"]["edges"]]
        assert sorted(node["id"] for node in nodes) == sorted(ids)
        assert len(nodes) == 7
        for statement in statements:
            body = await graphql(http, IMPORT, token, input={"accountId": account_id, **statement})
            again = body["data"]["importBankStatement"]
            assert again["bankImport"]["imported"] == 0, body
            assert again["bankImport"]["duplicates"] == again["bankImport"]["rows"]
            assert again["transactionIds"] == []
        other = await register(http, "other-bank")
        assert (await graphql(http, LIST, other))["data"]["bankTransactions"]["edges"] == []
        foreign = await graphql(
            http, IMPORT, other, input={"accountId": account_id, **statements[1]}
        )
        assert foreign["data"]["importBankStatement"]["code"] == "ACCOUNT_NOT_FOUND"


async def test_the_router_passes_a_10_mb_statement_to_the_subgraph(running_stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=60) as http:
        token = await register(http, "bigfile")
        account_id = (await create_bank_account(http, token, name="Big"))["id"]
        # Ten megabytes of garbage: the router must forward it, and the subgraph must answer
        # with its typed error (not an HTTP 413 from either).
        content = "not a statement\n" * (10 * 1024 * 1024 // 16)
        body = await graphql(
            http,
            IMPORT,
            token,
            input={"accountId": account_id, "format": "QIF", "content": content},
        )
        assert body["data"]["importBankStatement"]["code"] == "MALFORMED_FILE", body
