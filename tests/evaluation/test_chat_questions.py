"""The question table through /api/chat/stream: no answer may be wrong (refusals are allowed).

`bench/quality.py` prints the same table's figures (correct / refused / wrong per category).
"""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.settings import Settings
from tests.evaluation.questions import QUESTIONS, Question
from tests.evaluation.runner import ask_and_grade, upload_tenant_documents
from tests.sse import answer_text, parse_frames

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def api(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """One service for the whole table (the questions do not change any data), after the
    tenant uploaded its own policy."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("evaluation"),
        demo_database_file=demo_database,
        dev_mode=True,
        log_level="WARNING",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=60):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await upload_tenant_documents(client)
            yield client


@pytest.mark.parametrize(
    "question", [pytest.param(q, id=f"{q.category}: {q.text}") for q in QUESTIONS]
)
async def test_question_is_answered_right_or_refused(
    api: httpx.AsyncClient, demo_database: Path, question: Question
) -> None:
    graded = await ask_and_grade(api, question, demo_database)
    assert graded.grade != "wrong", f"{graded.reason}\nanswer: {graded.answer}"


async def test_a_corrected_word_is_shown_in_a_thought_frame(api: httpx.AsyncClient) -> None:
    body = {"message": "how many techs in the nrth region"}
    frames = parse_frames((await api.post("/api/chat/stream", json=body)).text)
    thoughts = " ".join(f.data["token"] for f in frames if f.data.get("type") == "thought")
    assert "I read 'nrth' as 'north'" in thoughts
    assert answer_text(frames).startswith("There are 6 technicians in the North region")
