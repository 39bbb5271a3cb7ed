"""updateSellerProfile and sellerProfile: validated seller details, admins only."""

from __future__ import annotations

import uuid

import pytest

from ..conftest import GraphQL, TokenFactory
from .conftest import SELLER, SELLER_INPUT, UPDATE_SELLER


async def test_the_profile_is_stored_normalised_and_replaced_whole(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin, viewer = token_for(org_a, role="admin"), token_for(org_a, role="viewer")
    assert (await gql(SELLER, bearer=viewer))["data"]["sellerProfile"] is None
    body = await gql(UPDATE_SELLER, bearer=admin, input=SELLER_INPUT)
    profile = body["data"]["updateSellerProfile"]["sellerProfile"]
    assert profile["iban"] == "DE89370400440532013000"
    assert profile["bic"] == "COBADEFFXXX"
    assert profile["address"]["country"] == "DE"
    assert (await gql(SELLER, bearer=viewer))["data"]["sellerProfile"] == profile
    await gql(UPDATE_SELLER, bearer=admin, input={"legalName": "Renamed"})
    replaced = (await gql(SELLER, bearer=viewer))["data"]["sellerProfile"]
    assert (replaced["legalName"], replaced["iban"], replaced["address"]["city"]) == (
        "Renamed",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"iban": "DE89 3704 0044 0532 0130 01"}, "INVALID_IBAN", "iban"),
        ({"iban": "not an iban"}, "INVALID_IBAN", "iban"),
        ({"bic": "COBA"}, "INVALID_INPUT", "bic"),
        ({"address": {"country": "XX"}}, "INVALID_INPUT", "address.country"),
        ({"legalName": "  "}, "INVALID_INPUT", "legalName"),
        ({"logoDataUri": "data:text/html;base64,PGI+"}, "INVALID_LOGO", "logoDataUri"),
    ],
)
async def test_bad_details_are_typed_errors_and_nothing_is_stored(
    gql: GraphQL,
    token_for: TokenFactory,
    org_a: uuid.UUID,
    change: dict[str, object],
    code: str,
    field: str,
) -> None:
    admin = token_for(org_a, role="admin")
    body = await gql(UPDATE_SELLER, bearer=admin, input={**SELLER_INPUT, **change})
    error = body["data"]["updateSellerProfile"]
    assert (error["code"], error["field"]) == (code, field)
    assert (await gql(SELLER, bearer=admin))["data"]["sellerProfile"] is None


async def test_members_cannot_change_it_and_other_organisations_do_not_see_it(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    denied = await gql(UPDATE_SELLER, bearer=token_for(org_a), input=SELLER_INPUT)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql(UPDATE_SELLER, bearer=token_for(org_a, role="admin"), input=SELLER_INPUT)
    other = await gql(SELLER, bearer=token_for(org_b, role="admin"))
    assert other["data"]["sellerProfile"] is None
