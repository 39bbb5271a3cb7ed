"""The soak's request mix: what a signed-in user of the web app does most (reads of their
identity, organisation and clients) and the writes behind them (a new client, a draft
invoice). Writes return the id the soak later looks for in the database."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Variables = Callable[[dict[str, Any], random.Random], dict[str, Any]]


@dataclass(frozen=True)
class Operation:
    name: str
    document: str
    result_field: str  # the root field whose value is classified (error union or data)
    weight: float
    variables: Variables
    write: bool = False
    subgraphs: tuple[str, ...] = ()  # which subgraphs answer it (for the fault tables)


def _no_variables(_user: dict[str, Any], _rng: random.Random) -> dict[str, Any]:
    return {}


def _new_client(_user: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return {
        "input": {
            "name": f"Soak Client {rng.getrandbits(40):010x}",
            "defaultCurrency": rng.choice(["EUR", "USD", "GBP"]),
            "email": f"billing-{rng.getrandbits(32):08x}@example.com",
        }
    }


def _draft_invoice(user: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    line = {
        "description": "Consulting",
        "quantity": str(rng.randint(1, 20)),
        "unitPrice": f"{rng.randint(50, 500)}.00",
        "taxes": [{"name": "VAT", "rate": "19"}],
    }
    return {"input": {"clientId": user["client_id"], "lines": [line]}}


OPERATIONS = [
    Operation(
        "me", "{ me { id email displayName } }", "me", 25, _no_variables, subgraphs=("auth",)
    ),
    Operation(
        "currentOrganization",
        "{ currentOrganization { id name financialSettings { baseCurrency } } }",
        "currentOrganization",
        20,
        _no_variables,
        subgraphs=("auth", "financial"),
    ),
    Operation(
        "clients",
        "{ clients(first: 20) { edges { node { id name defaultCurrency } } } }",
        "clients",
        30,
        _no_variables,
        subgraphs=("financial",),
    ),
    Operation(
        "createClient",
        """mutation($input: CreateClientInput!) { createClient(input: $input) {
          ... on ClientPayload { client { id } } ... on ClientError { code } } }""",
        "createClient",
        15,
        _new_client,
        write=True,
        subgraphs=("financial",),
    ),
    Operation(
        "createInvoice",
        """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
          ... on InvoicePayload { invoice { id } } ... on InvoiceError { code } } }""",
        "createInvoice",
        10,
        _draft_invoice,
        write=True,
        subgraphs=("financial",),
    ),
]
