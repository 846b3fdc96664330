"""The built-in policies that answers cite can be read (tenants with the demo content)."""

import httpx


async def test_builtin_policies_are_listed_and_readable(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/api/documents/builtin")).json()["documents"]
    assert "overtime" in {d["id"] for d in listed}
    overtime = await client.get("/api/documents/builtin/overtime")
    assert overtime.status_code == 200
    assert overtime.json()["title"] == "Overtime Policy"
    assert overtime.json()["content"].startswith("# Overtime Policy")


async def test_unknown_builtin_policy_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/documents/builtin/no-such-policy")
    assert response.status_code == 404
