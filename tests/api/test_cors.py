"""CORS: a refused preflight is answered in the JSON envelope."""

import httpx
import pytest


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Origin": "http://evil.example"}, "Disallowed CORS origin"),
        (
            {"Origin": "http://evil.example", "Access-Control-Request-Private-Network": "true"},
            "Disallowed CORS origin, private-network",
        ),
    ],
)
async def test_refused_preflight_is_a_json_envelope(
    client: httpx.AsyncClient, headers: dict[str, str], message: str
) -> None:
    response = await client.options(
        "/api/chat/stream", headers={**headers, "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": {"code": "cors_rejected", "message": message, "details": None},
        "detail": message,
    }
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["x-request-id"]


async def test_allowed_preflight_is_unchanged(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/api/chat/stream",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
    )
    assert (response.status_code, response.text) == (200, "OK")
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
