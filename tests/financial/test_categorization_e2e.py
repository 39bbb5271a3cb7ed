"""Categorisation end to end: real processes, through the router, tokens from auth."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devstack.factories.financial import create_bank_account, import_statement
from devstack.stack import Stack
from devstack.testing import register_owner as register
from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

CREATE_CATEGORY = """mutation($input: CreateCategoryInput!) { createCategory(input: $input) {
  __typename ... on CategoryPayload { category { id fullName } }
  ... on CategorizationError { code message } } }"""
CREATE_RULE = """mutation($input: CreateRuleInput!) { createRule(input: $input) {
  __typename ... on RulePayload { rule { id } } ... on CategorizationError { code field } } }"""
CATEGORIZE = """mutation($id: ID!, $categoryId: ID) {
  categorizeTransaction(id: $id, categoryId: $categoryId) {
    __typename ... on CategorizeTransactionPayload { transaction { id categorySource } } } }"""
LIST = """query { bankTransactions(first: 50) { edges { node {
  id description categorySource categoryConfidence ruleId tags category { fullName } } } } }"""
CATEGORIES = "query { categories { id name children { id fullName } } }"
LAYOUT = {
    "dateColumn": "Date",
    "descriptionColumn": "Text",
    "amountColumn": "Amount",
    "counterpartyColumn": "Counterparty",
}


async def import_rows(
    http: httpx.AsyncClient, token: str, account_id: str, rows: list[str]
) -> list[str]:
    content = "Date,Text,Amount,Counterparty\n" + "\n".join(rows) + "\n"
    imported = await import_statement(http, token, account_id, "CSV", content, csvMapping=LAYOUT)
    assert imported["__typename"] == "ImportBankStatementPayload", imported
    return list(imported["transactionIds"])


async def by_description(http: httpx.AsyncClient, token: str) -> dict[str, dict[str, Any]]:
    body = await graphql(http, LIST, token)
    assert "errors" not in body, body
    return {e["node"]["description"]: e["node"] for e in body["data"]["bankTransactions"]["edges"]}


async def test_rules_and_learning_categorise_imports_through_the_router(
    running_stack: Stack,
) -> None:
    async with httpx.AsyncClient(base_url=running_stack.url("router"), timeout=30) as http:
        token = await register(http, "categoriser")
        other = await register(http, "outsider")
        travel = await graphql(
            http, CREATE_CATEGORY, token, input={"name": "Travel", "kind": "EXPENSE"}
        )
        travel_id = travel["data"]["createCategory"]["category"]["id"]
        rail = await graphql(
            http,
            CREATE_CATEGORY,
            token,
            input={"name": "Rail", "kind": "EXPENSE", "parentId": travel_id},
        )
        rail_id = rail["data"]["createCategory"]["category"]["id"]
        office = await graphql(
            http, CREATE_CATEGORY, token, input={"name": "Office", "kind": "EXPENSE"}
        )
        office_id = office["data"]["createCategory"]["category"]["id"]
        rule_input = {
            "name": "Trains",
            "triggers": [{"type": "COUNTERPARTY_REGEX", "text": r"\bbahn\b"}],
            "actions": [
                {"type": "SET_CATEGORY", "categoryId": rail_id},
                {"type": "ADD_TAGS", "tags": ["travel"]},
            ],
        }
        rule = await graphql(http, CREATE_RULE, token, input=rule_input)
        rule_id = rule["data"]["createRule"]["rule"]["id"]
        bad = await graphql(
            http,
            CREATE_RULE,
            token,
            input={
                **rule_input,
                "name": "Bad",
                "triggers": [{"type": "DESCRIPTION_REGEX", "text": "(a+)+"}],
            },
        )
        assert bad["data"]["createRule"] == {
            "__typename": "CategorizationError",
            "code": "INVALID_REGEX",
            "field": "triggers[0].text",
        }

        account_id = (await create_bank_account(http, token))["id"]
        [_, paper] = await import_rows(
            http,
            token,
            account_id,
            [
                "2026-03-02,Ticket Berlin,-79.90,Deutsche Bahn AG",
                "2026-03-03,Paper,-12.00,Papershop",
            ],
        )
        rows = await by_description(http, token)
        ticket = rows["Ticket Berlin"]
        assert ticket["category"]["fullName"] == "Travel > Rail"
        assert (ticket["categorySource"], ticket["ruleId"], ticket["tags"]) == (
            "rule",
            rule_id,
            ["travel"],
        )
        assert rows["Paper"]["categorySource"] is None

        manual = await graphql(http, CATEGORIZE, token, id=paper, categoryId=office_id)
        assert manual["data"]["categorizeTransaction"]["transaction"]["categorySource"] == "manual"
        await import_rows(http, token, account_id, ["2026-04-03,More paper,-8.50,PAPERSHOP"])
        learned = (await by_description(http, token))["More paper"]
        assert learned["categorySource"] == "learned"
        assert learned["category"]["fullName"] == "Office"
        assert learned["categoryConfidence"] == "0.500"

        # Another organisation sees none of it and cannot categorise with it.
        assert (await graphql(http, CATEGORIES, other))["data"]["categories"] == []
        assert (await graphql(http, LIST, other))["data"]["bankTransactions"]["edges"] == []
        crossed = await graphql(http, CATEGORIZE, other, id=paper, categoryId=office_id)
        assert crossed["data"]["categorizeTransaction"]["__typename"] == "CategorizationError"
