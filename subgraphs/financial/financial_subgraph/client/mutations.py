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
from financial_subgraph.ids import parse_uuid
from financial_subgraph.tenancy import organization_of
from service_runtime.permissions import requires_scopes

CreateClientResult = Annotated[ClientPayload | ClientError, strawberry.union("CreateClientResult")]
UpdateClientResult = Annotated[ClientPayload | ClientError, strawberry.union("UpdateClientResult")]
ArchiveClientResult = Annotated[
    ClientPayload | ClientError, strawberry.union("ArchiveClientResult")
]
RestoreClientResult = Annotated[
    ClientPayload | ClientError, strawberry.union("RestoreClientResult")
]

WRITE = requires_scopes(["financial:write"])


def _result(outcome: ClientRow | ClientError) -> ClientPayload | ClientError:
    if isinstance(outcome, ClientError):
        return outcome
    return ClientPayload(client=Client.from_row(outcome))


async def _set_archived(
    info: Info, id: strawberry.ID, archived: bool
) -> ClientPayload | ClientError:
    organization_id = organization_of(info.context.principal)
    client_id = parse_uuid(id)
    if client_id is None:
        return not_found()
    async with info.context.database.write(organization_id=organization_id) as session:
        outcome = await service.set_archived(session, organization_id, client_id, archived=archived)
        return _result(outcome)


@strawberry.type
class ClientMutation:
    @strawberry.mutation(extensions=WRITE, description="Create a client of the organisation.")
    async def create_client(self, info: Info, input: CreateClientInput) -> CreateClientResult:
        organization_id = organization_of(info.context.principal)
        async with info.context.database.write(organization_id=organization_id) as session:
            outcome = await service.create_client(session, organization_id, input.to_data())
            return _result(outcome)

    @strawberry.mutation(extensions=WRITE, description="Change a client's details.")
    async def update_client(
        self, info: Info, id: strawberry.ID, input: UpdateClientInput
    ) -> UpdateClientResult:
        organization_id = organization_of(info.context.principal)
        client_id: uuid.UUID | None = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, ClientError):
            return changes
        if client_id is None:
            return not_found()
        async with info.context.database.write(organization_id=organization_id) as session:
            outcome = await service.update_client(session, organization_id, client_id, changes)
            return _result(outcome)

    @strawberry.mutation(extensions=WRITE, description="Hide a client from lists; keeps it.")
    async def archive_client(self, info: Info, id: strawberry.ID) -> ArchiveClientResult:
        return await _set_archived(info, id, archived=True)

    @strawberry.mutation(extensions=WRITE, description="Bring an archived client back.")
    async def restore_client(self, info: Info, id: strawberry.ID) -> RestoreClientResult:
        return await _set_archived(info, id, archived=False)
