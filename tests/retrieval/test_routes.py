"""The documents API enforces its limits: 413 for a document too large, 409 over the quota."""

import httpx
import pytest
from fastapi import FastAPI

from agentstream.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Two documents per tenant, so the quota is reached quickly."""
    return settings.model_copy(update={"max_documents_per_tenant": 2, "max_document_bytes": 2_000})


async def test_document_over_the_tenant_quota_is_409(client: httpx.AsyncClient) -> None:
    for n in range(2):
        created = await client.post(
            "/api/documents", json={"title": f"Doc {n}", "content": f"# A\n\nText {n}."}
        )
        assert created.status_code == 201
    refused = await client.post("/api/documents", json={"title": "Doc 3", "content": "# A\n\nX."})
    assert refused.status_code == 409
    assert "2 documents" in refused.json()["error"]["message"]
    listed = await client.get("/api/documents")
    assert listed.json()["total"] == 2


async def test_deleting_a_document_frees_a_place(client: httpx.AsyncClient) -> None:
    ids = [
        (await client.post("/api/documents", json={"title": f"D{n}", "content": "x"})).json()["id"]
        for n in range(2)
    ]
    assert (await client.delete(f"/api/documents/{ids[0]}")).status_code == 204
    again = await client.post("/api/documents", json={"title": "D3", "content": "y"})
    assert again.status_code == 201


async def test_document_over_the_size_limit_is_413_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    # Counted in UTF-8 bytes: 700 characters of 3 bytes each exceed 2,000 bytes.
    response = await client.post("/api/documents", json={"title": "big", "content": "€" * 700})
    assert response.status_code == 413
    assert response.json()["error"]["details"]["field"] == "content"
    assert (await client.get("/api/documents")).json()["total"] == 0


async def test_openapi_documents_the_limits(app: FastAPI) -> None:
    responses = app.openapi()["paths"]["/api/documents"]["post"]["responses"]
    assert "MAX_DOCUMENTS_PER_TENANT" in responses["409"]["description"]
    assert "MAX_DOCUMENT_BYTES" in responses["413"]["description"]
