"""Persisted operations from Apollo persisted-query manifests, and the safelist modes.

Two routers of our own read manifests from a temporary directory: one safelisting every
client (ROUTER_SAFELIST=all), one with the default mode (only mobile clients safelisted).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

KNOWN = "query RouterTestTypename { __typename }"
ADDED_LATER = "query RouterTestAddedLater { renamed: __typename }"
RELOAD_TIMEOUT_SECONDS = 10
MOBILE = {"apollographql-client-name": "acme-ios"}


def operation_id(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def write_manifest(directory: Path, name: str, bodies: list[str]) -> None:
    operations = [
        {"id": operation_id(body), "name": body.split()[1], "type": "query", "body": body}
        for body in bodies
    ]
    manifest = {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
    # Written beside, then renamed: the router never reads a half-written manifest.
    partial = directory / f".{name}.partial"
    partial.write_text(json.dumps(manifest))
    partial.rename(directory / name)


def by_hash(body: str) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": operation_id(body)}}}


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("persisted")
    write_manifest(directory, "web.json", [KNOWN])
    return directory


@pytest.fixture(scope="module")
async def safelisted_router(dedicated_router: Any, manifests: Path) -> AsyncIterator[str]:
    env = {"ROUTER_SAFELIST": "all", "ROUTER_PERSISTED_DIR": str(manifests)}
    async with dedicated_router(env) as url:
        yield url


@pytest.fixture(scope="module")
async def mobile_safelist_router(dedicated_router: Any, manifests: Path) -> AsyncIterator[str]:
    async with dedicated_router({"ROUTER_PERSISTED_DIR": str(manifests)}) as url:
        yield url


async def test_arbitrary_query_is_refused_when_every_client_is_safelisted(
    post: Any, safelisted_router: str, codes: Any
) -> None:
    response = await post(safelisted_router, "{ __typename }")
    assert response.status_code == 400
    assert codes(response) == ["PERSISTED_QUERY_ONLY"]


async def test_known_operation_is_served_by_its_apq_hash(post: Any, safelisted_router: str) -> None:
    response = await post(safelisted_router, **by_hash(KNOWN))
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_known_operation_is_served_by_document_id(post: Any, safelisted_router: str) -> None:
    response = await post(safelisted_router, documentId=operation_id(KNOWN))
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_unknown_hash_is_not_found(post: Any, safelisted_router: str, codes: Any) -> None:
    response = await post(safelisted_router, **by_hash("query Unknown { __typename }"))
    assert response.status_code == 400
    assert codes(response) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_request_without_query_or_id_is_refused(
    post: Any, safelisted_router: str, codes: Any
) -> None:
    response = await post(safelisted_router, variables={})
    assert response.status_code == 400
    assert codes(response) == ["PERSISTED_QUERY_ID_REQUIRED"]


async def test_manifest_added_while_running_is_served_without_restart(
    post: Any, safelisted_router: str, manifests: Path, codes: Any, eventually: Any
) -> None:
    before = await post(safelisted_router, **by_hash(ADDED_LATER))
    assert codes(before) == ["PERSISTED_QUERY_NOT_FOUND"]
    write_manifest(manifests, "mobile.json", [ADDED_LATER])

    async def served() -> httpx.Response | None:
        response = await post(safelisted_router, **by_hash(ADDED_LATER))
        return None if response.is_error else response

    response = await eventually(served, RELOAD_TIMEOUT_SECONDS)
    assert response.json()["data"] == {"renamed": "Query"}
    # The first manifest is still loaded beside the new one.
    assert (await post(safelisted_router, **by_hash(KNOWN))).status_code == 200


async def test_mobile_client_is_refused_an_arbitrary_query_by_default(
    post: Any, router_url: str, codes: Any
) -> None:
    response = await post(router_url, "{ __typename }", headers=MOBILE)
    assert response.status_code == 400
    assert codes(response) == ["PERSISTED_QUERY_ONLY"]


async def test_mobile_client_is_served_a_persisted_operation_by_default(
    post: Any, mobile_safelist_router: str
) -> None:
    response = await post(mobile_safelist_router, headers=MOBILE, **by_hash(KNOWN))
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_web_client_may_send_an_arbitrary_query_by_default(
    post: Any, mobile_safelist_router: str
) -> None:
    headers = {"apollographql-client-name": "finance-web"}
    response = await post(mobile_safelist_router, "{ __typename }", headers=headers)
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}
