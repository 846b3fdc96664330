"""`stream_pieces` reads our text-making models directly and any other chat model via
`astream`; both ways give the same pieces and usage."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult

from agentstream.llm.offline import GROUNDED_ANSWER_KEY, OfflineChatModel
from agentstream.llm.scripted import ScriptedChatModel
from agentstream.llm.streaming import Usage, stream_pieces

PROMPT = [HumanMessage("How many?", additional_kwargs={GROUNDED_ANSWER_KEY: "There are 10."})]


class ThroughLangChain(BaseChatModel):
    """Any LangChain chat model: here one that replays another model's chunks."""

    inner: BaseChatModel

    @property
    def _llm_type(self) -> str:
        return "replay"

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        raise NotImplementedError

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        raise NotImplementedError

    async def _astream(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> AsyncIterator[ChatGenerationChunk]:
        async for message in self.inner.astream(messages):
            assert isinstance(message, AIMessageChunk)
            yield ChatGenerationChunk(message=message)


async def _collect(model: BaseChatModel) -> tuple[list[str], Usage]:
    usage = Usage()
    batches = [pieces async for pieces in stream_pieces(model, PROMPT, usage)]
    return [piece for pieces in batches for piece in pieces], usage


async def test_text_models_and_langchain_models_stream_the_same_pieces_and_usage() -> None:
    for model in (OfflineChatModel(), ScriptedChatModel(tokens=5)):
        direct, direct_usage = await _collect(model)
        wrapped, wrapped_usage = await _collect(ThroughLangChain(inner=model))
        assert direct == wrapped and len(direct) > 1
        assert direct_usage == wrapped_usage and direct_usage.output_tokens == len(direct)
        assert direct_usage.input_tokens > 0


async def test_the_langchain_stream_of_a_text_model_ends_with_its_usage() -> None:
    chunks = [chunk async for chunk in OfflineChatModel().astream(PROMPT)]
    assert "".join(str(chunk.content) for chunk in chunks) == "There are 10."
    usage = [chunk.usage_metadata for chunk in chunks if chunk.usage_metadata]
    assert usage == [{"input_tokens": 2, "output_tokens": 3, "total_tokens": 5}]


async def test_an_instant_model_hands_over_its_whole_answer_in_one_batch() -> None:
    batches = [pieces async for pieces in stream_pieces(ScriptedChatModel(tokens=5), [], Usage())]
    assert batches == [["token0", " token1", " token2", " token3", " token4"]]


async def test_a_model_with_a_delay_per_token_hands_over_each_token_when_it_is_made() -> None:
    model = ScriptedChatModel(tokens=3, token_delay_s=0.001)
    batches = [pieces async for pieces in stream_pieces(model, [], Usage())]
    assert batches == [["token0"], [" token1"], [" token2"]]


def test_a_scripted_model_makes_its_script_once_and_hands_out_copies() -> None:
    model = ScriptedChatModel(tokens=3)
    first = model.answer_tokens([])
    first.append(" changed")
    assert model.answer_tokens([]) == ["token0", " token1", " token2"]
    assert ScriptedChatModel(text="Hi there").answer_tokens([]) == ["Hi", " there"]
