"""Categorisation: a category and a rule, an import categorised by it, and a refused regex."""

from __future__ import annotations

from devstack.smoke.financial_checks import _owner_token
from devstack.smoke.runner import SmokeRun, check, expect

CATEGORY = """mutation { createCategory(input: {name: "Smoke travel", kind: EXPENSE}) {
    ... on CategoryPayload { category { id } } ... on CategorizationError { code } } }"""
RULE = """mutation($input: CreateRuleInput!) { createRule(input: $input) {
    __typename ... on CategorizationError { code } } }"""
ACCOUNT = """mutation { createBankAccount(input: {name: "Smoke rules", currency: "EUR"}) {
    ... on BankAccountPayload { account { id } } } }"""
IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
    ... on ImportBankStatementPayload { transactionIds } } }"""
TRANSACTIONS = """query($accountId: ID) { bankTransactions(accountId: $accountId, first: 5) {
    edges { node { categorySource category { fullName } } } } }"""
LAYOUT = {"dateColumn": "Date", "descriptionColumn": "Text", "amountColumn": "Amount"}


@check("categorisation: a rule categorises an imported transaction; a bad regex is refused")
async def rule_on_import(run: SmokeRun) -> None:
    token = await _owner_token(run)
    created = await run.graphql(CATEGORY, token=token)
    category_id = created["data"]["createCategory"]["category"]["id"]
    rule = {
        "name": "Smoke trains",
        "triggers": [{"type": "DESCRIPTION_CONTAINS", "text": "train"}],
        "actions": [{"type": "SET_CATEGORY", "categoryId": category_id}],
    }
    body = await run.graphql(RULE, token=token, input=rule)
    expect(body["data"]["createRule"]["__typename"] == "RulePayload", str(body))
    bad = {**rule, "name": "Smoke bad", "triggers": [{"type": "DESCRIPTION_REGEX", "text": "("}]}
    refused = await run.graphql(RULE, token=token, input=bad)
    expect(refused["data"]["createRule"].get("code") == "INVALID_REGEX", str(refused))
    account = await run.graphql(ACCOUNT, token=token)
    account_id = account["data"]["createBankAccount"]["account"]["id"]
    content = "Date,Text,Amount\n2026-10-27,Train to Hamburg,-49.90\n"
    statement = {"accountId": account_id, "format": "CSV", "content": content, "csvMapping": LAYOUT}
    await run.graphql(IMPORT, token=token, input=statement)
    listed = await run.graphql(TRANSACTIONS, token=token, accountId=account_id)
    [node] = [edge["node"] for edge in listed["data"]["bankTransactions"]["edges"]]
    expect(node["categorySource"] == "rule", str(listed))
    expect(node["category"]["fullName"] == "Smoke travel", str(listed))
