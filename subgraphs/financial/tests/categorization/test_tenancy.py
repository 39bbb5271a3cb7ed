"""Two organisations: categories, rules, learning and matching never cross between them."""

from __future__ import annotations

import uuid

import asyncpg

from devstack.database import _asyncpg_dsn
from devstack.factories.financial import create_bank_account
from financial_subgraph.settings import FinancialSettings

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    APPLY_RULES,
    CATEGORIES,
    RULES,
    SUGGESTIONS,
    UPDATE_CATEGORY,
    UPDATE_RULE,
    categorize,
    contains,
    create_category,
    create_rule,
    data,
    import_csv,
    sets,
    transactions,
)

CREATE_RULE_WITH = """mutation($input: CreateRuleInput!) { createRule(input: $input) {
  __typename ... on CategorizationError { code field } } }"""


async def test_one_organisation_never_sees_or_uses_anothers_categorisation(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    alice, alice_admin = token_for(org_a), token_for(org_a, "admin")
    bob, bob_admin = token_for(org_b), token_for(org_b, "admin")
    theirs = await create_category(gql, alice_admin, "Alice's category")
    rule = await create_rule(gql, alice_admin, "Everything", [contains("e")], [sets(theirs["id"])])

    assert (await gql(CATEGORIES, bearer=bob, all=True))["data"]["categories"] == []
    assert (await gql(RULES, bearer=bob))["data"]["categorizationRules"] == []
    one = await gql("query($id: ID!) { category(id: $id) { id } }", bearer=bob, id=theirs["id"])
    assert one["data"]["category"] is None
    renamed = await gql(UPDATE_CATEGORY, bearer=bob_admin, id=theirs["id"], input={"name": "Mine"})
    assert data(renamed, "updateCategory")["code"] == "CATEGORY_NOT_FOUND"
    changed = await gql(UPDATE_RULE, bearer=bob_admin, id=rule["id"], input={"active": False})
    assert data(changed, "updateRule")["code"] == "RULE_NOT_FOUND"
    borrowed = await gql(
        CREATE_RULE_WITH,
        bearer=bob_admin,
        input={"name": "Borrow", "triggers": [contains("x")], "actions": [sets(theirs["id"])]},
    )
    assert data(borrowed, "createRule")["code"] == "CATEGORY_NOT_FOUND"

    # Alice's rule matches every "e"; Bob's transactions stay untouched by it.
    bob_account = (await create_bank_account(gql, bob_admin))["id"]
    [bobs] = await import_csv(gql, bob, bob_account, ("2026-03-02", "Coffee", "-3.00", "Cafe"))
    data(await gql(APPLY_RULES, bearer=bob, only=False), "applyRules")
    assert (await transactions(gql, bob))["Coffee"]["categoryId"] is None
    alice_account = (await create_bank_account(gql, alice_admin))["id"]
    await import_csv(gql, alice, alice_account, ("2026-03-02", "Coffee", "-3.00", "Cafe"))
    assert (await transactions(gql, alice))["Coffee"]["categoryId"] == theirs["id"]

    # Alice can neither categorise Bob's transaction nor put Bob's category on her own.
    crossed = await categorize(gql, alice, bobs, theirs["id"])
    assert crossed["code"] == "TRANSACTION_NOT_FOUND"
    bob_category = await create_category(gql, bob_admin, "Bob's")
    alices = (await transactions(gql, alice))["Coffee"]["id"]
    foreign = await categorize(gql, alice, alices, bob_category["id"])
    assert foreign["code"] == "CATEGORY_NOT_FOUND"


async def test_learning_stays_within_its_organisation(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    alice, alice_admin = token_for(org_a), token_for(org_a, "admin")
    bob, bob_admin = token_for(org_b), token_for(org_b, "admin")
    category = await create_category(gql, alice_admin, "Software")
    account = (await create_bank_account(gql, alice_admin))["id"]
    ids = await import_csv(
        gql, alice, account, *[(f"2026-0{m}-01", f"Sub {m}", "-9.00", "Vendor") for m in (1, 2, 3)]
    )
    for transaction_id in ids:
        await categorize(gql, alice, transaction_id, category["id"])
    assert len((await gql(SUGGESTIONS, bearer=alice))["data"]["ruleSuggestions"]) == 1
    assert (await gql(SUGGESTIONS, bearer=bob))["data"]["ruleSuggestions"] == []
    bob_account = (await create_bank_account(gql, bob_admin))["id"]
    await import_csv(gql, bob, bob_account, ("2026-04-01", "Sub 4", "-9.00", "Vendor"))
    assert (await transactions(gql, bob))["Sub 4"]["categorySource"] is None


async def test_row_level_security_guards_every_categorisation_table(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, financial_settings: FinancialSettings
) -> None:
    admin, member = token_for(org_a, "admin"), token_for(org_a)
    category = await create_category(gql, admin, "Guarded")
    await create_rule(gql, admin, "Guarded", [contains("x")], [sets(category["id"])])
    account = (await create_bank_account(gql, admin))["id"]
    [transaction_id] = await import_csv(gql, member, account, ("2026-01-01", "x", "-1.00", "Y"))
    await categorize(gql, member, transaction_id, category["id"])
    tables = ["categories", "categorization_rules", "counterparty_categories"]
    dsn, extra = _asyncpg_dsn(financial_settings.database_url)
    connection = await asyncpg.connect(dsn, **extra)
    try:
        for table in [*tables, "payment_match_reviews"]:
            assert await connection.fetchval(f"SELECT count(*) FROM financial.{table}") == 0
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(org_a)
            )
            for table in tables:
                assert await connection.fetchval(f"SELECT count(*) FROM financial.{table}") == 1
    finally:
        await connection.close()
