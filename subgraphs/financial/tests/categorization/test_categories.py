"""The category tree: paths, sibling names, cycles, kinds, archiving and permissions."""

from __future__ import annotations

from ..conftest import GraphQL
from .conftest import (
    ARCHIVE_CATEGORY,
    CATEGORIES,
    CREATE_CATEGORY,
    RESTORE_CATEGORY,
    UPDATE_CATEGORY,
    contains,
    create_category,
    create_rule,
    sets,
)


async def test_the_tree_shows_children_and_full_paths(
    gql: GraphQL, admin: str, viewer: str
) -> None:
    travel = await create_category(gql, admin, "Travel")
    flights = await create_category(gql, admin, "Flights", parent_id=travel["id"])
    await create_category(gql, admin, "Salary", kind="INCOME")
    assert flights["path"] == ["Travel", "Flights"]
    assert flights["fullName"] == "Travel > Flights"
    body = await gql(CATEGORIES, bearer=viewer)
    assert "errors" not in body, body
    roots = body["data"]["categories"]
    assert [root["name"] for root in roots] == ["Salary", "Travel"]
    assert roots[1]["children"][0]["fullName"] == "Travel > Flights"


async def test_names_are_unique_among_siblings_ignoring_case(gql: GraphQL, admin: str) -> None:
    travel = await create_category(gql, admin, "Travel")
    await create_category(gql, admin, "Food", parent_id=travel["id"])
    # The same name elsewhere in the tree is fine.
    await create_category(gql, admin, "Food")
    body = await gql(CREATE_CATEGORY, bearer=admin, input={"name": " food ", "kind": "EXPENSE"})
    assert body["data"]["createCategory"]["code"] == "CATEGORY_NAME_TAKEN"
    blank = await gql(CREATE_CATEGORY, bearer=admin, input={"name": "  ", "kind": "EXPENSE"})
    assert blank["data"]["createCategory"]["code"] == "INVALID_INPUT"


async def test_a_category_cannot_move_below_itself(gql: GraphQL, admin: str) -> None:
    top = await create_category(gql, admin, "Top")
    middle = await create_category(gql, admin, "Middle", parent_id=top["id"])
    leaf = await create_category(gql, admin, "Leaf", parent_id=middle["id"])
    for parent in (leaf["id"], top["id"]):
        body = await gql(UPDATE_CATEGORY, bearer=admin, id=top["id"], input={"parentId": parent})
        assert body["data"]["updateCategory"]["code"] == "CATEGORY_CYCLE"
    moved = await gql(UPDATE_CATEGORY, bearer=admin, id=leaf["id"], input={"parentId": None})
    assert moved["data"]["updateCategory"]["category"]["path"] == ["Leaf"]


async def test_children_share_their_parents_kind(gql: GraphQL, admin: str) -> None:
    income = await create_category(gql, admin, "Income", kind="INCOME")
    body = await gql(
        CREATE_CATEGORY,
        bearer=admin,
        input={"name": "Rent", "kind": "EXPENSE", "parentId": income["id"]},
    )
    assert body["data"]["createCategory"]["code"] == "CATEGORY_KIND_MISMATCH"


async def test_archiving_takes_the_subtree_and_is_refused_while_a_rule_uses_it(
    gql: GraphQL, admin: str
) -> None:
    travel = await create_category(gql, admin, "Travel")
    flights = await create_category(gql, admin, "Flights", parent_id=travel["id"])
    rule = await create_rule(gql, admin, "Airlines", [contains("lufthansa")], [sets(flights["id"])])
    refused = await gql(ARCHIVE_CATEGORY, bearer=admin, id=travel["id"])
    assert refused["data"]["archiveCategory"]["code"] == "CATEGORY_IN_USE"
    await gql(
        "mutation($id: ID!) { deleteRule(id: $id) { __typename } }", bearer=admin, id=rule["id"]
    )
    archived = await gql(ARCHIVE_CATEGORY, bearer=admin, id=travel["id"])
    assert archived["data"]["archiveCategory"]["category"]["archivedAt"] is not None
    assert (await gql(CATEGORIES, bearer=admin))["data"]["categories"] == []
    hidden = (await gql(CATEGORIES, bearer=admin, all=True))["data"]["categories"]
    assert hidden[0]["children"][0]["archivedAt"] is not None
    # A child cannot come back before its parent.
    child = await gql(RESTORE_CATEGORY, bearer=admin, id=flights["id"])
    assert child["data"]["restoreCategory"]["code"] == "CATEGORY_ARCHIVED"
    parent = await gql(RESTORE_CATEGORY, bearer=admin, id=travel["id"])
    assert parent["data"]["restoreCategory"]["category"]["archivedAt"] is None


async def test_only_admins_shape_the_tree_and_viewers_read_it(
    gql: GraphQL, member: str, viewer: str
) -> None:
    body = await gql(CREATE_CATEGORY, bearer=member, input={"name": "X", "kind": "EXPENSE"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(CATEGORIES, bearer=viewer))["data"]["categories"] == []


async def test_unknown_parents_are_typed_errors(gql: GraphQL, admin: str) -> None:
    for parent in ("not-a-uuid", "00000000-0000-0000-0000-000000000001"):
        body = await gql(
            CREATE_CATEGORY,
            bearer=admin,
            input={"name": "X", "kind": "EXPENSE", "parentId": parent},
        )
        assert body["data"]["createCategory"]["code"] == "CATEGORY_NOT_FOUND"
