"""The grounded path: the model phrasing the draft is shown exactly the passages the draft
quotes, which are the turn's sources; not the other passages the retrieval found."""

import re

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage, HumanMessage

from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.settings import Settings
from tests.sse import done_metadata, parse_frames

# A passage as the prompt shows it: "[Title / Section] text".
PASSAGE = re.compile(r"^\[([^\]/]+) / ([^\]]*)\] ", re.MULTILINE)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"agent_mode": "grounded"})


@pytest.mark.parametrize(
    "question",
    [
        "What are the overtime rules?",  # a summary of the whole policy
        "How early must annual leave be requested?",
        "What is the response time for urgent tickets?",
        "How many technicians are active, and what is the overtime rate?",  # data and rules
    ],
)
async def test_the_model_is_shown_exactly_the_passages_the_sources_cite(
    app: FastAPI, client: httpx.AsyncClient, question: str
) -> None:
    model = ScriptedToolCallingModel(replies=[AIMessage("Phrased.")])
    app.state.chat.model = model
    response = await client.post("/api/chat/stream", json={"message": question})
    metadata = done_metadata(parse_frames(response.text))
    cited = [source for source in metadata["sources"] if source["type"] == "document"]
    assert cited, "the documents answer part of each question"
    (call,) = model.calls
    prompt = call.messages[-1]
    assert isinstance(prompt, HumanMessage)
    assert PASSAGE.findall(prompt.text) == [(s["title"], s["section"]) for s in cited]
    draft = prompt.additional_kwargs[GROUNDED_ANSWER_KEY]
    for title in {source["title"] for source in cited}:
        assert title in draft, "the draft cites what the sources name"
