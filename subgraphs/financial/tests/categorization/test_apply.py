"""Rules applied on import and re-run, manual categorisation, learning and rule suggestions."""

from __future__ import annotations

from devstack.factories.financial import create_bank_account

from ..conftest import GraphQL
from .conftest import (
    ACCEPT_SUGGESTION,
    APPLY_RULES,
    DISMISS_SUGGESTION,
    SUGGESTIONS,
    categorize,
    contains,
    create_category,
    create_rule,
    data,
    import_csv,
    sets,
    transactions,
)


async def test_an_import_is_categorised_by_the_first_matching_rule(
    gql: GraphQL, admin: str, member: str
) -> None:
    groceries = await create_category(gql, admin, "Groceries")
    food = await create_category(gql, admin, "Food")
    await create_rule(
        gql,
        admin,
        "Supermarket",
        [contains("REWE", "COUNTERPARTY"), {"type": "AMOUNT_LESS", "amount": "0"}],
        [sets(groceries["id"]), {"type": "ADD_TAGS", "tags": ["weekly"]}],
    )
    await create_rule(
        gql,
        admin,
        "Anything edible",
        [contains("rewe", "COUNTERPARTY"), contains("bakery", "COUNTERPARTY")],
        [sets(food["id"]), {"type": "ADD_TAGS", "tags": ["food"]}],
        matchMode="ANY",
    )
    account_id = (await create_bank_account(gql, admin))["id"]
    await import_csv(
        gql,
        member,
        account_id,
        ("2026-03-02", "Card payment", "-54.20", "REWE Markt GmbH"),
        ("2026-03-03", "Bread", "-3.10", "Bakery Miller"),
        ("2026-03-04", "Refund", "12.00", "REWE Markt GmbH"),
        ("2026-03-05", "Salary", "3000.00", "Employer AG"),
    )
    rows = await transactions(gql, member)
    card = rows["Card payment"]
    assert card["category"]["fullName"] == "Groceries"
    assert (card["categorySource"], card["categoryConfidence"]) == ("rule", "1.000")
    assert card["tags"] == ["weekly", "food"]
    assert rows["Bread"]["category"]["fullName"] == "Food"
    # The refund is positive: only the ANY rule matches it.
    assert rows["Refund"]["category"]["fullName"] == "Food"
    assert rows["Salary"]["categoryId"] is None
    assert rows["Salary"]["categorySource"] is None


async def test_a_rerun_categorises_past_transactions_but_never_overrides_manual(
    gql: GraphQL, admin: str, member: str
) -> None:
    account_id = (await create_bank_account(gql, admin))["id"]
    ids = await import_csv(
        gql,
        member,
        account_id,
        ("2026-03-01", "Rent March", "-900.00", "Landlord"),
        ("2026-04-01", "Rent April", "-900.00", "Landlord"),
        ("2026-05-01", "Rent May", "-900.00", "Landlord"),
    )
    housing = await create_category(gql, admin, "Housing")
    other = await create_category(gql, admin, "Other")
    await categorize(gql, member, ids[0], other["id"])
    await create_rule(gql, admin, "Rent", [contains("rent")], [sets(housing["id"])])

    only_april = await gql(
        APPLY_RULES,
        bearer=member,
        accountId=account_id,
        **{"from": "2026-04-01", "to": "2026-04-30"},
    )
    assert data(only_april, "applyRules")["categorizedByRule"] == 1
    everything = data(await gql(APPLY_RULES, bearer=member, only=False), "applyRules")
    assert (everything["examined"], everything["manualKept"]) == (3, 1)
    rows = await transactions(gql, member)
    assert rows["Rent March"]["categorySource"] == "manual"
    assert rows["Rent March"]["category"]["fullName"] == "Other"
    assert {rows[name]["categorySource"] for name in ("Rent April", "Rent May")} == {"rule"}


async def test_apply_rules_refuses_bad_scopes(gql: GraphQL, member: str, viewer: str) -> None:
    reversed_range = await gql(
        APPLY_RULES, bearer=member, **{"from": "2026-05-01", "to": "2026-04-01"}
    )
    assert data(reversed_range, "applyRules")["code"] == "INVALID_INPUT"
    unknown = await gql(
        APPLY_RULES, bearer=member, accountId="00000000-0000-0000-0000-000000000001"
    )
    assert data(unknown, "applyRules")["code"] == "ACCOUNT_NOT_FOUND"
    forbidden = await gql(APPLY_RULES, bearer=viewer)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_manual_choices_are_learned_and_offered_as_a_rule(
    gql: GraphQL, admin: str, member: str
) -> None:
    software = await create_category(gql, admin, "Software")
    account_id = (await create_bank_account(gql, admin))["id"]
    ids = await import_csv(
        gql,
        member,
        account_id,
        *[(f"2026-0{m}-10", f"Invoice {m}", "-19.99", "GitHub, Inc.") for m in (1, 2, 3)],
    )
    for number, transaction_id in enumerate(ids, start=1):
        result = await categorize(gql, member, transaction_id, software["id"])
        assert result["transaction"]["categorySource"] == "manual"
        suggestions = (await gql(SUGGESTIONS, bearer=member))["data"]["ruleSuggestions"]
        assert len(suggestions) == (1 if number == 3 else 0)

    # A new import from the same counterparty (spelt differently) is learned, not ruled.
    await import_csv(gql, member, account_id, ("2026-04-10", "Invoice 4", "-19.99", "GITHUB INC"))
    learned = (await transactions(gql, member))["Invoice 4"]
    assert learned["categorySource"] == "learned"
    assert learned["category"]["fullName"] == "Software"
    assert learned["categoryConfidence"] == "0.750"  # 3 agreeing of 3, over 3 + 1

    [suggestion] = (await gql(SUGGESTIONS, bearer=member))["data"]["ruleSuggestions"]
    assert (suggestion["counterparty"], suggestion["timesChosen"]) == ("GitHub, Inc.", 3)
    forbidden = await gql(ACCEPT_SUGGESTION, bearer=member, id=suggestion["id"])
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    accepted = data(
        await gql(ACCEPT_SUGGESTION, bearer=admin, id=suggestion["id"]), "acceptRuleSuggestion"
    )
    rule = accepted["rule"]
    trigger = rule["triggers"][0]
    assert (trigger["type"], trigger["text"]) == ("COUNTERPARTY_SAME_AS", "GitHub, Inc.")
    assert rule["actions"][0]["categoryId"] == software["id"]
    assert (await gql(SUGGESTIONS, bearer=member))["data"]["ruleSuggestions"] == []
    # The accepted rule covers every spelling learning grouped together.
    await import_csv(gql, member, account_id, ("2026-05-10", "Invoice 5", "-19.99", "Github Inc"))
    ruled = (await transactions(gql, member))["Invoice 5"]
    assert (ruled["categorySource"], ruled["ruleId"]) == ("rule", rule["id"])
    again = data(
        await gql(ACCEPT_SUGGESTION, bearer=admin, id=suggestion["id"]), "acceptRuleSuggestion"
    )
    assert again["code"] == "SUGGESTION_NOT_FOUND"


async def test_a_corrected_choice_moves_the_count_and_dismissed_offers_stay_away(
    gql: GraphQL, admin: str, member: str
) -> None:
    travel = await create_category(gql, admin, "Travel")
    commute = await create_category(gql, admin, "Commute")
    account_id = (await create_bank_account(gql, admin))["id"]
    ids = await import_csv(
        gql,
        member,
        account_id,
        *[(f"2026-0{m}-05", f"Ticket {m}", "-49.00", "Deutsche Bahn") for m in (1, 2, 3, 4)],
    )
    for transaction_id in ids[:3]:
        await categorize(gql, member, transaction_id, travel["id"])
    # Correcting one choice: Travel now has 2 of 3, too few to offer a rule.
    await categorize(gql, member, ids[2], commute["id"])
    assert (await gql(SUGGESTIONS, bearer=member))["data"]["ruleSuggestions"] == []
    await categorize(gql, member, ids[3], travel["id"])
    await categorize(gql, member, ids[2], travel["id"])
    [suggestion] = (await gql(SUGGESTIONS, bearer=member))["data"]["ruleSuggestions"]
    assert suggestion["timesChosen"] == 4
    dismissed = await gql(DISMISS_SUGGESTION, bearer=admin, id=suggestion["id"])
    assert data(dismissed, "dismissRuleSuggestion")["id"] == suggestion["id"]
    assert (await gql(SUGGESTIONS, bearer=member))["data"]["ruleSuggestions"] == []


async def test_manual_categorisation_errors_are_typed(
    gql: GraphQL, admin: str, member: str
) -> None:
    account_id = (await create_bank_account(gql, admin))["id"]
    [transaction_id] = await import_csv(gql, member, account_id, ("2026-01-01", "X", "-1.00", "Y"))
    unknown = await categorize(gql, member, transaction_id, "00000000-0000-0000-0000-000000000001")
    assert (unknown["code"], unknown["field"]) == ("CATEGORY_NOT_FOUND", "categoryId")
    missing = await categorize(gql, member, "00000000-0000-0000-0000-000000000001", None)
    assert missing["code"] == "TRANSACTION_NOT_FOUND"
    category = await create_category(gql, admin, "Gone")
    archive = "mutation($id: ID!) { archiveCategory(id: $id) { __typename } }"
    await gql(archive, bearer=admin, id=category["id"])
    archived = await categorize(gql, member, transaction_id, category["id"])
    assert archived["code"] == "CATEGORY_ARCHIVED"
    cleared = await categorize(gql, member, transaction_id, None)
    assert cleared["transaction"]["categorySource"] is None
