"""Categorisation test helpers: GraphQL documents and builders (tests cannot import each other)."""

from __future__ import annotations

import csv as csv_module
import io
from typing import Any

from ..conftest import GraphQL

ERROR = "... on CategorizationError { code message field }"
CATEGORY_FIELDS = "id name kind parentId path fullName archivedAt"

CREATE_CATEGORY = f"""mutation($input: CreateCategoryInput!) {{
  createCategory(input: $input) {{
    __typename ... on CategoryPayload {{ category {{ {CATEGORY_FIELDS} }} }} {ERROR} }} }}"""
UPDATE_CATEGORY = f"""mutation($id: ID!, $input: UpdateCategoryInput!) {{
  updateCategory(id: $id, input: $input) {{
    __typename ... on CategoryPayload {{ category {{ {CATEGORY_FIELDS} }} }} {ERROR} }} }}"""
ARCHIVE_CATEGORY = f"""mutation($id: ID!) {{ archiveCategory(id: $id) {{
  __typename ... on CategoryPayload {{ category {{ {CATEGORY_FIELDS} }} }} {ERROR} }} }}"""
RESTORE_CATEGORY = f"""mutation($id: ID!) {{ restoreCategory(id: $id) {{
  __typename ... on CategoryPayload {{ category {{ {CATEGORY_FIELDS} }} }} {ERROR} }} }}"""
CATEGORIES = f"""query($all: Boolean! = false) {{ categories(includeArchived: $all) {{
  {CATEGORY_FIELDS} children {{ {CATEGORY_FIELDS} children {{ {CATEGORY_FIELDS} }} }} }} }}"""

RULE_FIELDS = """id name position matchMode stopProcessing active
triggers { type negate text caseSensitive amount min max from to dayFrom dayTo
           accountIds currencies }
actions { type categoryId tags notes invoiceId category { fullName } }"""
CREATE_RULE = f"""mutation($input: CreateRuleInput!) {{ createRule(input: $input) {{
  __typename ... on RulePayload {{ rule {{ {RULE_FIELDS} }} }} {ERROR} }} }}"""
UPDATE_RULE = f"""mutation($id: ID!, $input: UpdateRuleInput!) {{
  updateRule(id: $id, input: $input) {{
  __typename ... on RulePayload {{ rule {{ {RULE_FIELDS} }} }} {ERROR} }} }}"""
DELETE_RULE = f"""mutation($id: ID!) {{ deleteRule(id: $id) {{
  __typename ... on DeleteRulePayload {{ id }} {ERROR} }} }}"""
REORDER_RULES = f"""mutation($ids: [ID!]!) {{ reorderRules(ids: $ids) {{
  __typename ... on RulesPayload {{ rules {{ id name position }} }} {ERROR} }} }}"""
RULES = f"query {{ categorizationRules {{ {RULE_FIELDS} }} }}"

APPLY_RULES = f"""mutation($accountId: ID, $from: Date, $to: Date, $only: Boolean! = true) {{
  applyRules(accountId: $accountId, from: $from, to: $to, onlyUncategorized: $only) {{
    __typename
    ... on ApplyRulesPayload {{ examined categorizedByRule categorizedByLearning manualKept
                                paymentsMatched paymentsForReview }}
    {ERROR} }} }}"""

TRANSACTION_FIELDS = """id amount description counterparty categoryId categorySource
categoryConfidence tags notes ruleId invoiceId category { id fullName }
matchedInvoice { id number status balanceDue }"""
CATEGORIZE = f"""mutation($id: ID!, $categoryId: ID) {{
  categorizeTransaction(id: $id, categoryId: $categoryId) {{
    __typename ... on CategorizeTransactionPayload {{ transaction {{ {TRANSACTION_FIELDS} }} }}
    {ERROR} }} }}"""
TRANSACTIONS = f"""query($accountId: ID) {{ bankTransactions(accountId: $accountId, first: 100) {{
  edges {{ node {{ {TRANSACTION_FIELDS} }} }} }} }}"""

SUGGESTIONS = """query { ruleSuggestions {
  id counterparty timesChosen agreement categoryId category { fullName } } }"""
ACCEPT_SUGGESTION = f"""mutation($id: ID!, $name: String) {{
  acceptRuleSuggestion(id: $id, name: $name) {{
  __typename ... on RulePayload {{ rule {{ {RULE_FIELDS} }} }} {ERROR} }} }}"""
DISMISS_SUGGESTION = f"""mutation($id: ID!) {{ dismissRuleSuggestion(id: $id) {{
  __typename ... on DismissRuleSuggestionPayload {{ id }} {ERROR} }} }}"""

IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  __typename
  ... on ImportBankStatementPayload { transactionIds }
  ... on BankImportError { code message } } }"""
LAYOUT = {
    "dateColumn": "Date",
    "descriptionColumn": "Text",
    "amountColumn": "Amount",
    "counterpartyColumn": "Counterparty",
}


def data(body: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in body, body
    return dict(body["data"][field])


async def create_category(
    gql: GraphQL, bearer: str, name: str, kind: str = "EXPENSE", parent_id: str | None = None
) -> dict[str, Any]:
    body = await gql(
        CREATE_CATEGORY, bearer=bearer, input={"name": name, "kind": kind, "parentId": parent_id}
    )
    result = data(body, "createCategory")
    assert result["__typename"] == "CategoryPayload", result
    return dict(result["category"])


def contains(text: str, field: str = "DESCRIPTION") -> dict[str, Any]:
    return {"type": f"{field}_CONTAINS", "text": text}


def sets(category_id: str) -> dict[str, Any]:
    return {"type": "SET_CATEGORY", "categoryId": category_id}


async def create_rule(
    gql: GraphQL,
    bearer: str,
    name: str,
    triggers: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    **fields: Any,
) -> dict[str, Any]:
    payload = {"name": name, "triggers": triggers, "actions": actions, **fields}
    result = data(await gql(CREATE_RULE, bearer=bearer, input=payload), "createRule")
    assert result["__typename"] == "RulePayload", result
    return dict(result["rule"])


def csv(*rows: tuple[str, str, str, str]) -> str:
    """(date, text, amount, counterparty) rows as a CSV statement."""
    out = io.StringIO()
    writer = csv_module.writer(out, lineterminator="\n")
    writer.writerow(["Date", "Text", "Amount", "Counterparty"])
    writer.writerows(rows)
    return out.getvalue()


async def import_csv(
    gql: GraphQL, bearer: str, account_id: str, *rows: tuple[str, str, str, str]
) -> list[str]:
    statement = {
        "accountId": account_id,
        "format": "CSV",
        "content": csv(*rows),
        "csvMapping": LAYOUT,
    }
    result = data(await gql(IMPORT, bearer=bearer, input=statement), "importBankStatement")
    assert result["__typename"] == "ImportBankStatementPayload", result
    return [str(id_) for id_ in result["transactionIds"]]


async def transactions(
    gql: GraphQL, bearer: str, account_id: str | None = None
) -> dict[str, dict[str, Any]]:
    """The organisation's transactions by description."""
    body = await gql(TRANSACTIONS, bearer=bearer, accountId=account_id)
    edges = data(body, "bankTransactions")["edges"]
    return {edge["node"]["description"]: edge["node"] for edge in edges}


async def categorize(
    gql: GraphQL, bearer: str, transaction_id: str, category_id: str | None
) -> dict[str, Any]:
    return data(
        await gql(CATEGORIZE, bearer=bearer, id=transaction_id, categoryId=category_id),
        "categorizeTransaction",
    )
