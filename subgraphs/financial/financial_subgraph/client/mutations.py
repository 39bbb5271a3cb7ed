from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from financial_subgraph.client import service
from financial_subgraph.client.errors import ClientError, not_found
from financial_subgraph.client.inputs import CreateClientInput, UpdateClientInput
from financial_subgraph.client.models import Client as ClientRow
from financial_subgraph.client.types import Client, ClientPayload
from financial_subgraph.context import Info
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import in_transaction, work_of

CreateClientResult = Annotated[ClientPayload | ClientError, strawberry.union("CreateClientResult")]
UpdateClientResult = Annotated[ClientPayload | ClientError, strawberry.union("UpdateClientResult")]
ArchiveClientResult = Annotated[
    ClientPayload | ClientError, strawberry.union("ArchiveClientResult")
]
RestoreClientResult = Annotated[
    ClientPayload | ClientError, strawberry.union("RestoreClientResult")
]


def _result(outcome: ClientRow | ClientError) -> ClientPayload | ClientError:
    if isinstance(outcome, ClientError):
        return outcome
    return ClientPayload(client=Client.from_row(outcome))


async def _set_archived(
    info: Info, id: strawberry.ID, archived: bool
) -> ClientPayload | ClientError:
    client_id = parse_uuid(id)
    if client_id is None:
        return not_found()
    work = work_of(info)
    outcome = await service.set_archived(
        work.session, work.organization_id, client_id, archived=archived
    )
    return _result(outcome)


@strawberry.type
class ClientMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Create a client of the organisation."
    )
    async def create_client(self, info: Info, input: CreateClientInput) -> CreateClientResult:
        work = work_of(info)
        return _result(
            await service.create_client(work.session, work.organization_id, input.to_data())
        )

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Change a client's details."
    )
    async def update_client(
        self, info: Info, id: strawberry.ID, input: UpdateClientInput
    ) -> UpdateClientResult:
        client_id: uuid.UUID | None = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, ClientError):
            return changes
        if client_id is None:
            return not_found()
        work = work_of(info)
        return _result(
            await service.update_client(work.session, work.organization_id, client_id, changes)
        )

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Hide a client from lists; keeps it."
    )
    async def archive_client(self, info: Info, id: strawberry.ID) -> ArchiveClientResult:
        return await _set_archived(info, id, archived=True)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Bring an archived client back."
    )
    async def restore_client(self, info: Info, id: strawberry.ID) -> RestoreClientResult:
        return await _set_archived(info, id, archived=False)
