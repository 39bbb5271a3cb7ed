"""clients(search, includeArchived, first, after) and client(id)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from ..conftest import ARCHIVE, ENTITIES, LIST, GraphQL, create_client


def names(body: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in body["data"]["clients"]["edges"]]


async def test_cursor_pagination_walks_every_client_once_in_name_order(
    gql: GraphQL, member: str
) -> None:
    for name in ["Delta", "alpha", "Charlie", "Bravo", "Echo"]:
        await create_client(gql, member, name=name)
    seen: list[str] = []
    after = None
    while True:
        body = await gql(LIST, bearer=member, first=2, after=after)
        page = body["data"]["clients"]
        seen += names(body)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    ordered = (await gql(LIST, bearer=member, first=100))["data"]["clients"]
    assert seen == names({"data": {"clients": ordered}})
    assert sorted(seen) == sorted(["Delta", "alpha", "Charlie", "Bravo", "Echo"])
    assert len(set(seen)) == 5


async def test_clients_with_the_same_name_are_not_skipped(gql: GraphQL, member: str) -> None:
    ids = {(await create_client(gql, member, name="Same"))["id"] for _ in range(3)}
    first = (await gql(LIST, bearer=member, first=1))["data"]["clients"]
    rest = await gql(LIST, bearer=member, first=10, after=first["pageInfo"]["endCursor"])
    found = {first["edges"][0]["node"]["id"]} | {
        edge["node"]["id"] for edge in rest["data"]["clients"]["edges"]
    }
    assert found == ids


async def test_search_matches_name_or_email_and_treats_wildcards_literally(
    gql: GraphQL, member: str
) -> None:
    await create_client(gql, member, name="Acme GmbH", email="billing@acme.example")
    await create_client(gql, member, name="Globex", email="ap@globex.example")
    await create_client(gql, member, name="100% Organic")
    assert names(await gql(LIST, bearer=member, search="ACME")) == ["Acme GmbH"]
    assert names(await gql(LIST, bearer=member, search="globex.exa")) == ["Globex"]
    assert names(await gql(LIST, bearer=member, search="%")) == ["100% Organic"]
    assert names(await gql(LIST, bearer=member, search="_")) == []


async def test_archived_clients_are_listed_only_on_request(gql: GraphQL, member: str) -> None:
    kept = await create_client(gql, member, name="Kept")
    gone = await create_client(gql, member, name="Gone")
    await gql(ARCHIVE, bearer=member, id=gone["id"])
    assert names(await gql(LIST, bearer=member)) == [kept["name"]]
    assert names(await gql(LIST, bearer=member, includeArchived=True)) == ["Gone", "Kept"]


async def test_bad_page_arguments_are_client_errors(gql: GraphQL, member: str) -> None:
    for variables in ({"first": 0}, {"first": 1000}, {"after": "not-a-cursor"}):
        body = await gql(LIST, bearer=member, **variables)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", variables


def request_statements(statements: list[str]) -> list[str]:
    """The statements a request ran: not the tenant setting, not the outbox relay polling
    concurrently on the same engine."""
    return [s for s in statements if "set_config" not in s and "outbox_events" not in s]


async def test_a_page_costs_a_fixed_number_of_statements(
    gql: GraphQL, member: str, financial_app: Any
) -> None:
    for index in range(6):
        await create_client(gql, member, name=f"C{index}", contacts=[{"name": "A"}, {"name": "B"}])
    engine = financial_app.state.runtime.database.engine.sync_engine
    counts = []
    for first in (1, 6):
        statements: list[str] = []

        def count(*args: Any, _statements: list[str] = statements) -> None:
            _statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            await gql(LIST, bearer=member, first=first)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts.append(len(request_statements(statements)))
    # The clients, then their contacts in one batch: whatever the page size.
    assert counts == [2, 2]


async def test_entity_lookups_are_batched_into_one_query(
    gql: GraphQL, member: str, financial_app: Any
) -> None:
    ids = [(await create_client(gql, member, name=f"E{index}"))["id"] for index in range(3)]
    engine = financial_app.state.runtime.database.engine.sync_engine
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        body = await gql(
            ENTITIES,
            bearer=member,
            representations=[{"__typename": "Client", "id": id_} for id_ in ids],
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert [entity["id"] for entity in body["data"]["_entities"]] == ids
    # ClientByIdLoader: the clients in one query, their contacts in one more.
    assert len(request_statements(statements)) == 2
