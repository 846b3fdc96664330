"""A tenant whose database is not the demo's: its schema is read from the database itself, the
SQL tool allow-lists its own tables, and the agent loop answers from them (SQLite, PostgreSQL)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage

from agentstream.agents.errors import DatabaseUnavailableError
from agentstream.agents.sql.introspection import ColumnSchema, introspect
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.settings import Settings
from agentstream.tenancy.service import create_tenant
from tests.agents.library import GENRE_LOANS_SQL, loans_per_genre, postgres_library, sqlite_library
from tests.conftest import POSTGRES_URL
from tests.sse import answer_text, done_metadata, parse_frames


@pytest.fixture(params=["sqlite", "postgresql"])
def library_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The library's data source URL, once per backend."""
    if request.param == "sqlite":
        yield sqlite_library(tmp_path / "library.sqlite")
        return
    request.getfixturevalue("postgres_database")  # skips, with its reason, without PostgreSQL
    with postgres_library(POSTGRES_URL) as url:
        yield url


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"agent_mode": "tools"})


async def test_the_schema_is_read_from_the_database(library_url: str) -> None:
    schema = await introspect(library_url, timeout_s=10)
    assert schema.table_names == {"members", "books", "loans"}
    loans = next(table for table in schema.tables if table.name == "loans")
    assert loans.columns == (
        ColumnSchema("id", "INTEGER", nullable=False, primary_key=True),
        ColumnSchema("book_id", "INTEGER", nullable=False, references="books.id"),
        ColumnSchema("member_id", "INTEGER", nullable=False, references="members.id"),
        ColumnSchema("loaned_on", "DATE", nullable=False),
        ColumnSchema("returned_on", "DATE", nullable=True),
    )
    books = next(table for table in schema.tables if table.name == "books")
    genre = next(column for column in books.columns if column.name == "genre")
    assert genre.values == ("fiction", "history", "poetry", "science")
    title = next(column for column in books.columns if column.name == "title")
    assert title.values == (), "30 distinct titles are not a category"
    members = next(table for table in schema.tables if table.name == "members")
    tier = next(column for column in members.columns if column.name == "tier")
    assert tier.type == "TEXT"
    assert tier.values == ("basic", "gold"), "a TEXT column of few values is a category"


async def test_an_unreachable_database_is_reported_without_its_url(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'missing.sqlite'}"
    with pytest.raises(DatabaseUnavailableError) as raised:
        await introspect(missing, timeout_s=5)
    assert str(raised.value) == (
        "The business database could not be read right now; please try again later."
    )
    assert not (tmp_path / "missing.sqlite").exists(), "opened read-only, never created"


async def _ask(client: httpx.AsyncClient, key: str, question: str) -> list[Any]:
    response = await client.post(
        "/api/chat/stream",
        json={"message": question},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    return parse_frames(response.text)


async def test_a_tenant_with_its_own_schema_is_answered_from_its_own_tables(
    app: FastAPI, client: httpx.AsyncClient, library_url: str
) -> None:
    async with app.state.sessions() as session, session.begin():
        credentials = await create_tenant(session, "City Library", data_source_url=library_url)
    refused = AIMessage(
        "",
        tool_calls=[
            {"name": "query_database", "args": {"sql": "SELECT * FROM technicians"}, "id": "a"}
        ],
    )
    query = AIMessage(
        "", tool_calls=[{"name": "query_database", "args": {"sql": GENRE_LOANS_SQL}, "id": "b"}]
    )
    answer = "Fiction is borrowed most."
    model = ScriptedToolCallingModel(replies=[refused, query, AIMessage(answer)])
    app.state.chat.model = model
    frames = await _ask(client, credentials.api_key, "Which genres do members borrow?")

    prompt = model.calls[0].messages[0].text
    assert "books: id INTEGER primary key; title VARCHAR(200) not null; genre VARCHAR(30) not " in (
        prompt
    )
    assert "genre VARCHAR(30) not null values: fiction, history, poetry, science" in prompt
    assert "book_id INTEGER → books.id not null" in prompt
    assert "technicians" not in prompt and "No documents are available." in prompt
    assert [tool["function"]["name"] for tool in model.calls[0].tools] == ["query_database"]

    refusal = model.calls[1].messages[-1].text
    assert refusal.startswith("Error: the query was refused by the SQL guard:")
    assert "technicians" in refusal, "the demo's tables are not the tenant's"
    rows = "\n".join(f"{genre} | {count}" for genre, count in loans_per_genre())
    assert model.calls[2].messages[-1].text == f"4 rows:\ngenre | loans\n{rows}"
    metadata = done_metadata(frames)
    assert metadata["status"] == "completed" and metadata["route"] == "sql"
    assert metadata["sources"][0]["row_count"] == 4
    assert answer_text(frames) == answer


async def test_a_tenant_whose_database_cannot_be_read_gets_an_error_frame(
    app: FastAPI, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    missing = f"sqlite:///{tmp_path / 'gone.sqlite'}"
    async with app.state.sessions() as session, session.begin():
        credentials = await create_tenant(session, "Gone Ltd", data_source_url=missing)
    model = ScriptedToolCallingModel(replies=[])
    app.state.chat.model = model
    frames = await _ask(client, credentials.api_key, "How many orders?")
    assert [f.data["token"] for f in frames if f.data.get("type") == "error"] == [
        "The business database could not be read right now; please try again later."
    ]
    assert done_metadata(frames)["status"] == "failed" and not model.calls
