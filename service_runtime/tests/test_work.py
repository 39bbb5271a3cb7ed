"""The kit's units of work, tenant repository and loaders, on a real PostgreSQL: a mutation
declared with `in_transaction` commits a payload, rolls back a typed error or a `Rejected`,
and every query and batch sees only the request's organisation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

import pytest
import strawberry
from sqlalchemy import ForeignKey, MetaData, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from service_runtime.database import Database
from service_runtime.loaders import TenantLoader
from service_runtime.rejection import DomainError, Rejected
from service_runtime.repository import TenantRepository
from service_runtime.tokens import Principal
from service_runtime.work import Work, in_transaction, reading, work_of

SCHEMA = f"kit_{uuid.uuid4().hex[:8]}"


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


class Item(Base):
    __tablename__ = "items"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organization_id: Mapped[uuid.UUID]
    name: Mapped[str]
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("items.id"))


class ItemRepository(TenantRepository[Item]):
    model = Item


class ItemByIdLoader(TenantLoader[uuid.UUID, Item | None]):
    batches: list[list[uuid.UUID]] = []

    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[Item | None]:
        ItemByIdLoader.batches.append(list(keys))
        return await ItemRepository.of(work).by_ids(keys)


@strawberry.type
class ItemError(DomainError):
    code: str
    message: str


@strawberry.type
class ItemPayload:
    name: str


AddResult = Annotated[ItemPayload | ItemError, strawberry.union("AddResult")]


@strawberry.type
class Query:
    @strawberry.field
    async def names(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[str | None]:
        rows = [await ItemByIdLoader.of(info).load(uuid.UUID(str(id_))) for id_ in ids]
        return [row.name if row else None for row in rows]

    @strawberry.field
    async def count(self, info: strawberry.Info) -> int:
        async with reading(info) as work:
            return len((await work.session.scalars(ItemRepository.of(work).scoped())).all())


@strawberry.type
class Mutation:
    @strawberry.mutation(extensions=in_transaction())
    async def add(self, info: strawberry.Info, name: str, outcome: str = "ok") -> AddResult:
        work = work_of(info)
        await ItemRepository.of(work).add(Item(organization_id=work.organization_id, name=name))
        if outcome == "typed":
            return ItemError(code="NOPE", message="refused after writing")
        if outcome == "rejected":
            raise Rejected(ItemError(code="LATE", message="rejected part-way"))
        if outcome == "crash":
            raise RuntimeError("a bug")
        return ItemPayload(name=name)


schema = strawberry.Schema(query=Query, mutation=Mutation)


@dataclass
class Context:
    principal: Principal | None
    database: Database
    loader_instances: dict[type, Any] = field(default_factory=dict)


@pytest.fixture
async def database(test_servers: dict[str, str]) -> AsyncIterator[Database]:
    db = Database(test_servers["database"].replace("postgresql://", "postgresql+asyncpg://", 1))
    async with db.engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
        await connection.run_sync(Base.metadata.create_all)
    yield db
    async with db.engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
    await db.dispose()


def tenant() -> Principal:
    return Principal(user_id=uuid.uuid4(), organization_id=uuid.uuid4(), scopes=frozenset())


async def run(database: Database, who: Principal | None, query: str) -> Any:
    return await schema.execute(query, context_value=Context(who, database))


async def stored(database: Database) -> list[str]:
    async with database.read() as session:
        return sorted((await session.scalars(select(Item.name))).all())


async def test_payload_commits_and_typed_error_or_rejected_rolls_back(database: Database) -> None:
    who = tenant()
    ok = await run(database, who, 'mutation { add(name: "kept") { ... on ItemPayload { name } } }')
    assert ok.errors is None
    assert ok.data == {"add": {"name": "kept"}}
    typed = await run(
        database, who, 'mutation { add(name: "a", outcome: "typed") { ... on ItemError { code } } }'
    )
    assert typed.data == {"add": {"code": "NOPE"}}
    late = await run(
        database,
        who,
        'mutation { add(name: "b", outcome: "rejected") { ... on ItemError { code } } }',
    )
    assert late.data == {"add": {"code": "LATE"}}
    crash = await run(database, who, 'mutation { add(name: "c", outcome: "crash") { __typename } }')
    assert crash.errors
    assert "a bug" in crash.errors[0].message
    assert await stored(database) == ["kept"]


async def test_a_token_without_organisation_opens_no_transaction(database: Database) -> None:
    orgless = Principal(user_id=uuid.uuid4(), organization_id=None, scopes=frozenset())
    result = await run(database, orgless, 'mutation { add(name: "x") { __typename } }')
    assert result.errors
    assert result.errors[0].extensions == {"code": "FORBIDDEN"}
    assert await stored(database) == []


async def test_queries_and_loader_batches_see_only_the_callers_organisation(
    database: Database,
) -> None:
    mine, theirs = tenant(), tenant()
    async with database.write() as session:
        own = Item(organization_id=mine.organization_id, name="own")
        foreign = Item(organization_id=theirs.organization_id, name="foreign")
        session.add_all([own, foreign])
    ItemByIdLoader.batches.clear()
    query = f'{{ names(ids: ["{own.id}", "{foreign.id}", "{own.id}"]) count }}'
    result = await run(database, mine, query)
    assert result.errors is None
    assert result.data == {"names": ["own", None, "own"], "count": 1}
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Item)) == 2
