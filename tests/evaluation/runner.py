"""Ask the question table through /api/chat/stream and grade every answer."""

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from tests.evaluation.judge import Answer, grade
from tests.evaluation.questions import TENANT_DOCUMENTS, Question
from tests.sse import answer_text, done_metadata, parse_frames


@dataclass(frozen=True)
class Graded:
    """One question's answer and its grade."""

    question: Question
    answer: str
    grade: str
    reason: str


async def upload_tenant_documents(client: httpx.AsyncClient) -> None:
    """Add the tenant's own policies through the API, as a tenant would, before the table."""
    for title, content in TENANT_DOCUMENTS:
        response = await client.post("/api/documents", json={"title": title, "content": content})
        response.raise_for_status()


async def ask(
    client: httpx.AsyncClient, message: str, conversation_id: str | None
) -> tuple[Answer, str]:
    """One chat turn: the answer a client saw and the conversation it belongs to."""
    body = {"message": message, "conversation_id": conversation_id}
    response = await client.post("/api/chat/stream", json=body)
    frames = parse_frames(response.text)
    metadata = done_metadata(frames)
    sections = tuple(
        str(source.get("section"))
        for source in metadata.get("sources", [])
        if source.get("type") == "document"
    )
    answer = Answer(message, answer_text(frames), sections)
    return answer, str(metadata["conversation_id"])


async def ask_and_grade(client: httpx.AsyncClient, question: Question, database: Path) -> Graded:
    """Ask the earlier turns in one conversation, then the question, and grade its answer."""
    conversation_id = None
    for earlier in question.history:
        _, conversation_id = await ask(client, earlier, conversation_id)
    answer, _ = await ask(client, question.text, conversation_id)
    answer = replace(answer, history=question.history)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        verdict, reason = grade(question.expect, answer, db)
    return Graded(question, answer.text, verdict, reason)


def tally(results: Iterable[Graded]) -> dict[str, Counter[str]]:
    """Counts of correct / refused / wrong per category, and over all ("all")."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for result in results:
        counts[result.question.category][result.grade] += 1
        counts["all"][result.grade] += 1
    return counts
