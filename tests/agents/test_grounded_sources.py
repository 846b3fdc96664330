"""The grounded path: the model phrasing the draft is shown exactly the passages the draft
quotes, which are the turn's sources; not the other passages the retrieval found."""

import re

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage, HumanMessage

from agentstream.llm.offline import GROUNDED_ANSWER_KEY, OfflineChatModel
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.settings import Settings
from tests.sse import answer_text, done_metadata, parse_frames

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


async def _phrased(app: FastAPI, client: httpx.AsyncClient, question: str, reply: str) -> str:
    """The answer a client reads when the model phrases the draft as `reply`."""
    app.state.chat.model = ScriptedToolCallingModel(replies=[AIMessage(reply)])
    response = await client.post("/api/chat/stream", json={"message": question})
    return answer_text(parse_frames(response.text))


async def test_a_figure_the_facts_do_not_hold_ends_the_models_answer(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """A weak model adding "4 are on call" to a count: the client reads the checked answer."""
    question = "How many technicians are active?"
    app.state.chat.model = OfflineChatModel()
    response = await client.post("/api/chat/stream", json={"message": question})
    checked = answer_text(parse_frames(response.text))
    count = re.search(r"\d+", checked)
    assert count, checked
    invented = f"There are {count[0]} active technicians: 4 are on call and 2 are off call."
    answer = await _phrased(app, client, question, invented)
    assert answer.endswith(checked), answer
    assert "on call" not in answer, answer


async def test_figures_from_the_facts_pass_as_the_model_wrote_them(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    question = "How many technicians are active?"
    app.state.chat.model = OfflineChatModel()
    response = await client.post("/api/chat/stream", json={"message": question})
    count = re.search(r"\d+", answer_text(parse_frames(response.text)))
    assert count
    phrased = f"We have {count[0]} technicians on active duty right now. Anything else?"
    assert await _phrased(app, client, question, phrased) == phrased
