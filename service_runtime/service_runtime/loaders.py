"""DataLoaders, one pattern for every subgraph: created lazily, once per request, on first use
(`ClientByIdLoader.of(info).load(id)`), so there is no central registry to edit and nothing outlives
the request. Each batch opens its own short read session, so concurrent resolvers never share
an AsyncSession.

`TenantLoader` batches for the request's tenant (keys are plain ids: a request acts for one
organisation, and every batch is scoped to it in the query and through RLS); `RequestLoader`
is for data outside any tenant (a user and their memberships).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, Self, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from service_runtime.tenancy import Tenant, tenant_of
from service_runtime.work import Work

KeyT = TypeVar("KeyT", bound=Hashable)
ValueT = TypeVar("ValueT")
RowT = TypeVar("RowT")


class _PerRequest(DataLoader[KeyT, ValueT], ABC):
    def __init__(self, info: Any) -> None:
        self.database = info.context.database
        super().__init__(load_fn=self._load)

    @classmethod
    def of(cls, info: Any) -> Self:
        """This request's instance, created on first use."""
        loaders: dict[type, Any] = info.context.loader_instances
        loader = loaders.get(cls)
        if loader is None:
            loader = loaders[cls] = cls(info)
        return loader

    @abstractmethod
    async def _load(self, keys: list[KeyT]) -> list[ValueT]: ...


class TenantLoader(_PerRequest[KeyT, ValueT], Generic[KeyT, ValueT]):
    """Subclasses implement `fetch`: one value per key, in the keys' order."""

    def __init__(self, info: Any) -> None:
        self.tenant: Tenant = tenant_of(info)
        super().__init__(info)

    @abstractmethod
    async def fetch(self, work: Work, keys: list[KeyT]) -> Sequence[ValueT]: ...

    async def _load(self, keys: list[KeyT]) -> list[ValueT]:
        async with self.database.read(organization_id=self.tenant.organization_id) as session:
            return list(await self.fetch(Work(session, self.tenant), keys))


class RequestLoader(_PerRequest[KeyT, ValueT], Generic[KeyT, ValueT]):
    """For rows that belong to no tenant; subclasses implement `fetch`."""

    @abstractmethod
    async def fetch(self, session: AsyncSession, keys: list[KeyT]) -> Sequence[ValueT]: ...

    async def _load(self, keys: list[KeyT]) -> list[ValueT]:
        async with self.database.read() as session:
            return list(await self.fetch(session, keys))


def grouped_by_key(
    rows: Sequence[RowT], keys: Sequence[KeyT], key: Callable[[RowT], KeyT]
) -> list[list[RowT]]:
    """The rows of each key in their order (empty where none), for loaders of lists."""
    groups: dict[KeyT, list[RowT]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [groups.get(k, []) for k in keys]
