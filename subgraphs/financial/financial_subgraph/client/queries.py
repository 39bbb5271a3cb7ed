from __future__ import annotations

import strawberry

from financial_subgraph.client.loaders import ClientByIdLoader
from financial_subgraph.client.pagination import decode_cursor, encode_cursor
from financial_subgraph.client.service import ClientFilter, clients_page
from financial_subgraph.client.types import Client, ClientConnection, ClientEdge
from financial_subgraph.context import Info
from financial_subgraph.scopes import SCOPES
from service_runtime.cursors import page_request
from service_runtime.ids import parse_uuid
from service_runtime.pagination import page_of
from service_runtime.work import reading

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class ClientQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="The organisation's clients by name; search matches name or e-mail.",
    )
    async def clients(
        self,
        info: Info,
        search: str | None = None,
        include_archived: bool = False,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> ClientConnection:
        key = page_request(first, after, info.context.settings.max_page_size, decode_cursor)
        where = ClientFilter(search or None, include_archived)
        async with reading(info) as work:
            # One row more than asked tells whether another page follows.
            rows = await clients_page(work.session, work.organization_id, where, key, first + 1)
        edges = [ClientEdge(cursor=encode_cursor(row), node=Client.from_row(row)) for row in rows]
        page, page_info = page_of(edges, first)
        return ClientConnection(edges=page, page_info=page_info)

    @strawberry.field(
        extensions=SCOPES.read, description="One client of the organisation, archived or not."
    )
    async def client(self, info: Info, id: strawberry.ID) -> Client | None:
        client_id = parse_uuid(id)
        if client_id is None:
            return None
        row = await ClientByIdLoader.of(info).load(client_id)
        return Client.from_row(row) if row else None
