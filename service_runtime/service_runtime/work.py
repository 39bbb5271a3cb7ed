"""A unit of work: one session, scoped (in every query and through RLS) to one tenant.

Resolvers never open sessions by hand. Queries read through `reading(info)`; mutations declare
`extensions=in_transaction(scopes.write)`: the transaction is opened once the permission checks
pass, the resolver finds it with `work_of(info)`, and it is committed when the resolver returns
a payload. It is rolled back when the resolver returns a typed error (a `DomainError`) or
raises `Rejected(error)` part-way, and the error becomes the mutation's result: a mutation
cannot forget to roll back, nor turn a typed error into "Unexpected error.".
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.extensions import FieldExtension

from service_runtime.rejection import DomainError, Rejected
from service_runtime.tenancy import Tenant, tenant_of


@dataclass(frozen=True)
class Work:
    session: AsyncSession
    # None only for the few mutations that act before any organisation is chosen (register,
    # login, refresh): declared with `in_transaction(tenant=False)`.
    tenant_or_none: Tenant | None

    @property
    def tenant(self) -> Tenant:
        if self.tenant_or_none is None:
            raise RuntimeError("this unit of work was opened without a tenant")
        return self.tenant_or_none

    @property
    def organization_id(self) -> uuid.UUID:
        return self.tenant.organization_id


_current: ContextVar[Work | None] = ContextVar("work", default=None)


@asynccontextmanager
async def reading(info: Any) -> AsyncIterator[Work]:
    """A short read session for the request's tenant."""
    tenant = tenant_of(info)
    async with info.context.database.read(organization_id=tenant.organization_id) as session:
        yield Work(session, tenant)


@asynccontextmanager
async def writing(info: Any) -> AsyncIterator[Work]:
    """A write transaction for the request's tenant, committed when the block ends. For the
    rare mutation that needs more than one; `in_transaction` is the usual way."""
    tenant = tenant_of(info)
    async with info.context.database.write(organization_id=tenant.organization_id) as session:
        yield Work(session, tenant)


def work_of(info: Any) -> Work:
    """The unit of work `in_transaction` opened for this mutation."""
    work = _current.get()
    if work is None:
        raise RuntimeError(f"{info.field_name} is not declared with in_transaction()")
    return work


class _Refused(Exception):  # noqa: N818 (carries the resolver's typed error out of the block)
    def __init__(self, error: Any) -> None:
        super().__init__("refused")
        self.error = error


@asynccontextmanager
async def _untenanted(info: Any) -> AsyncIterator[Work]:
    async with info.context.database.write() as session:
        yield Work(session, None)


class Transaction(FieldExtension):
    """Runs the resolver inside one write transaction, of the request's tenant by default."""

    def __init__(self, *, tenant: bool = True) -> None:
        super().__init__()
        self.opening = writing if tenant else _untenanted

    async def resolve_async(
        self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        try:
            async with self.opening(info) as work:
                token = _current.set(work)
                try:
                    result = await next_(source, info, **kwargs)
                finally:
                    _current.reset(token)
                if isinstance(result, DomainError):
                    raise _Refused(result)
                return result
        except (Rejected, _Refused) as refused:
            return refused.error


def in_transaction(*permissions: list[FieldExtension], tenant: bool = True) -> list[FieldExtension]:
    """Field extensions for a mutation: the permission checks (outermost, so an unauthorised
    caller never opens a transaction), then the transaction."""
    checks = [extension for group in permissions for extension in group]
    return [Transaction(tenant=tenant), *checks]
