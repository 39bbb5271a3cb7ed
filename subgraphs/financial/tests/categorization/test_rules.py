"""Rules through the API: typed storage, validation errors, ordering and permissions."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from devstack.factories.financial import create_bank_account

from ..conftest import GraphQL
from .conftest import (
    CREATE_RULE,
    DELETE_RULE,
    REORDER_RULES,
    RULES,
    UPDATE_RULE,
    contains,
    create_category,
    create_rule,
    sets,
)


async def test_a_rule_keeps_every_kind_of_trigger_and_action(gql: GraphQL, admin: str) -> None:
    shopping = await create_category(gql, admin, "Shopping")
    account_id = (await create_bank_account(gql, admin))["id"]
    triggers = [
        {"type": "DESCRIPTION_REGEX", "text": r"amazon\s+mktp", "caseSensitive": False},
        {"type": "AMOUNT_BETWEEN", "min": "-500", "max": "-0.01"},
        {"type": "DATE_BETWEEN", "from": "2026-01-01"},
        {"type": "DAY_OF_MONTH", "dayFrom": 25, "dayTo": 3},
        {"type": "ACCOUNT_IS", "accountIds": [account_id]},
        {"type": "CURRENCY_IS", "currencies": ["eur"], "negate": True},
    ]
    actions = [
        sets(shopping["id"]),
        {"type": "ADD_TAGS", "tags": [" online ", "online", "amazon"]},
        {"type": "SET_NOTES", "notes": "Check the receipt"},
        {"type": "LINK_INVOICE"},
    ]
    rule = await create_rule(gql, admin, "Amazon", triggers, actions, matchMode="ANY")
    assert rule["matchMode"] == "ANY"
    assert rule["position"] == 0
    assert rule["triggers"][0]["text"] == r"amazon\s+mktp"
    assert rule["triggers"][1]["min"] == "-500"
    assert rule["triggers"][2]["from"] == "2026-01-01"
    assert rule["triggers"][4]["accountIds"] == [account_id]
    assert rule["triggers"][5]["currencies"] == ["EUR"]
    assert rule["triggers"][5]["negate"]
    assert rule["actions"][0]["category"]["fullName"] == "Shopping"
    assert rule["actions"][1]["tags"] == ["online", "amazon"]
    assert rule["actions"][3]["invoiceId"] is None
    listed = (await gql(RULES, bearer=admin))["data"]["categorizationRules"]
    assert listed == [rule]


BAD_TRIGGERS: list[tuple[dict[str, Any], str, str]] = [
    ({"type": "DESCRIPTION_REGEX", "text": "("}, "INVALID_REGEX", "triggers[0].text"),
    ({"type": "DESCRIPTION_REGEX", "text": "(a+)+$"}, "INVALID_REGEX", "triggers[0].text"),
    ({"type": "DESCRIPTION_CONTAINS"}, "INVALID_TRIGGER", "triggers[0].text"),
    (
        {"type": "DESCRIPTION_CONTAINS", "text": "x", "amount": "1"},
        "INVALID_TRIGGER",
        "triggers[0].amount",
    ),
    ({"type": "AMOUNT_BETWEEN", "min": "10", "max": "1"}, "INVALID_TRIGGER", "triggers[0]"),
    ({"type": "DATE_BETWEEN"}, "INVALID_TRIGGER", "triggers[0]"),
    ({"type": "DAY_OF_MONTH", "dayFrom": 0, "dayTo": 3}, "INVALID_TRIGGER", "triggers[0].dayFrom"),
    (
        {"type": "CURRENCY_IS", "currencies": ["EUR", "XYZ"]},
        "INVALID_CURRENCY",
        "triggers[0].currencies",
    ),
    (
        {"type": "ACCOUNT_IS", "accountIds": [str(uuid.uuid4())]},
        "ACCOUNT_NOT_FOUND",
        "triggers.accountIds",
    ),
]


@pytest.mark.parametrize(("trigger", "code", "field"), BAD_TRIGGERS)
async def test_bad_triggers_are_typed_errors_and_nothing_is_saved(
    gql: GraphQL, admin: str, trigger: dict[str, Any], code: str, field: str
) -> None:
    category = await create_category(gql, admin, "Any")
    body = await gql(
        CREATE_RULE,
        bearer=admin,
        input={"name": "Bad", "triggers": [trigger], "actions": [sets(category["id"])]},
    )
    result = body["data"]["createRule"]
    assert (result["code"], result["field"]) == (code, field), result
    assert (await gql(RULES, bearer=admin))["data"]["categorizationRules"] == []


async def test_bad_actions_are_typed_errors(gql: GraphQL, admin: str) -> None:
    category = await create_category(gql, admin, "Any")
    cases = [
        ([sets(str(uuid.uuid4()))], "CATEGORY_NOT_FOUND"),
        ([sets(category["id"]), sets(category["id"])], "INVALID_ACTION"),
        ([{"type": "ADD_TAGS", "tags": []}], "INVALID_ACTION"),
        ([{"type": "LINK_INVOICE", "invoiceId": str(uuid.uuid4())}], "INVOICE_NOT_FOUND"),
        ([], "INVALID_INPUT"),
    ]
    for actions, code in cases:
        body = await gql(
            CREATE_RULE,
            bearer=admin,
            input={"name": "Bad", "triggers": [contains("x")], "actions": actions},
        )
        assert body["data"]["createRule"]["code"] == code, (actions, body)


async def test_rule_names_are_unique(gql: GraphQL, admin: str) -> None:
    category = await create_category(gql, admin, "Any")
    await create_rule(gql, admin, "Rent", [contains("rent")], [sets(category["id"])])
    body = await gql(
        CREATE_RULE,
        bearer=admin,
        input={"name": "RENT", "triggers": [contains("x")], "actions": [sets(category["id"])]},
    )
    assert body["data"]["createRule"]["code"] == "RULE_NAME_TAKEN"


async def test_update_reorder_and_delete(gql: GraphQL, admin: str) -> None:
    category = await create_category(gql, admin, "Any")
    first = await create_rule(gql, admin, "First", [contains("a")], [sets(category["id"])])
    second = await create_rule(gql, admin, "Second", [contains("b")], [sets(category["id"])])
    updated = await gql(
        UPDATE_RULE,
        bearer=admin,
        id=first["id"],
        input={"active": False, "triggers": [contains("c", "COUNTERPARTY")]},
    )
    rule = updated["data"]["updateRule"]["rule"]
    assert rule["active"] is False
    assert rule["triggers"][0]["type"] == "COUNTERPARTY_CONTAINS"
    bad = await gql(UPDATE_RULE, bearer=admin, id=first["id"], input={"name": None})
    assert bad["data"]["updateRule"]["code"] == "INVALID_INPUT"
    reordered = await gql(REORDER_RULES, bearer=admin, ids=[second["id"], first["id"]])
    order = reordered["data"]["reorderRules"]["rules"]
    assert [(r["name"], r["position"]) for r in order] == [("Second", 0), ("First", 1)]
    partial = await gql(REORDER_RULES, bearer=admin, ids=[second["id"]])
    assert partial["data"]["reorderRules"]["code"] == "INVALID_ORDER"
    deleted = await gql(DELETE_RULE, bearer=admin, id=second["id"])
    assert deleted["data"]["deleteRule"]["id"] == second["id"]
    again = await gql(DELETE_RULE, bearer=admin, id=second["id"])
    assert again["data"]["deleteRule"]["code"] == "RULE_NOT_FOUND"
    names = [r["name"] for r in (await gql(RULES, bearer=admin))["data"]["categorizationRules"]]
    assert names == ["First"]


async def test_members_cannot_write_rules_but_viewers_can_read_them(
    gql: GraphQL, member: str, viewer: str
) -> None:
    body = await gql(
        CREATE_RULE,
        bearer=member,
        input={
            "name": "X",
            "triggers": [contains("x")],
            "actions": [{"type": "SET_NOTES", "notes": "n"}],
        },
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(RULES, bearer=viewer))["data"]["categorizationRules"] == []
