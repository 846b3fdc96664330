"""The orchestrator end to end: every catalog question asked over /api/chat/stream.

Follow-ups are asked as real turns of one conversation. Expectations are computed from the
generated data (tests/agents/sql/catalog_cases.py), never typed in.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.settings import Settings
from tests.agents.sql.catalog_cases import (
    PLANNED,
    POLICY_QUESTIONS,
    UNANSWERABLE,
    Case,
    Text,
)
from tests.agents.sql.catalog_fixtures import Demo
from tests.sse import answer_text, done_metadata, parse_frames

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def api(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """One service for the whole table (the questions do not change any data)."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("questions"),
        demo_database_file=demo_database,
        dev_mode=True,
        log_level="WARNING",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=60):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture(scope="module")
def demo() -> Demo:
    return Demo()


def _text(value: Text, demo: Demo) -> str:
    return value if isinstance(value, str) else value(demo)


async def _ask(api: httpx.AsyncClient, question: str, conversation_id: str | None) -> dict:
    body = {"message": question, "conversation_id": conversation_id}
    frames = parse_frames((await api.post("/api/chat/stream", json=body)).text)
    return {"answer": answer_text(frames), **done_metadata(frames)}


@pytest.mark.parametrize("case", PLANNED)
async def test_question_is_answered_with_facts_from_the_data(
    api: httpx.AsyncClient, demo: Demo, case: Case
) -> None:
    conversation_id = None
    for earlier in case.history:
        conversation_id = (await _ask(api, _text(earlier, demo), conversation_id))[
            "conversation_id"
        ]
    result = await _ask(api, _text(case.question, demo), conversation_id)
    assert result["route"] == "sql", result["answer"]
    missing = [fact for fact in case.expect(demo) if fact not in result["answer"]]
    assert missing == [], result["answer"]


@pytest.mark.parametrize("question", POLICY_QUESTIONS)
async def test_policy_question_is_answered_from_the_documents(
    api: httpx.AsyncClient, question: str
) -> None:
    result = await _ask(api, question, None)
    assert result["route"] == "rag", result["answer"]
    assert result["sources"] and all(s["type"] == "document" for s in result["sources"])
    assert result["answer"].startswith("According to the ")


@pytest.mark.parametrize("question", UNANSWERABLE)
async def test_unanswerable_question_gets_an_honest_answer_without_numbers(
    api: httpx.AsyncClient, question: str
) -> None:
    result = await _ask(api, question, None)
    assert result["route"] == "none", result["answer"]
    assert result["sources"] == []
    assert result["answer"].startswith("I can't answer that")
    assert not any(ch.isdigit() for ch in result["answer"]), result["answer"]
