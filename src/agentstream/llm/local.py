"""The `local` provider: a GGUF model run in-process by llama.cpp (extra: agentstream[local]).

One `llama_cpp.Llama` is loaded per process (lazily, on first use) and shared by every run
(see `llama_engine`). Generation happens in a worker thread, never on the event loop; tokens
cross to the async consumer through an asyncio queue. When the consumer goes away
(client disconnect, cancelled run), a stop flag checked before every sampled token ends the
generation within a token and frees the model for the next run.
"""

import asyncio
import importlib.util
import threading
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGenerationChunk

from agentstream.llm.gguf import INSTALL_HINT, ModelUnavailable, bundled_model_path
from agentstream.llm.llama_engine import LOOP_WINDOW, SharedLlama, is_looping, shared_llama
from agentstream.llm.offline import grounded_answer_of
from agentstream.llm.prompts import STOP_SEQUENCES, build_prompt, closing_of
from agentstream.llm.streaming import StreamingFirstChatModel, TextStreamingChatModel, Usage
from agentstream.llm.tokens import split_tokens
from agentstream.settings import Settings

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from llama_cpp import Llama, StoppingCriteriaList

# Said when the model produced nothing and no grounded draft exists to fall back on.
_NOTHING_TO_SAY = "I could not produce an answer to that."
# Room the prompt must leave in the context for the answer; facts are cut until it fits.
_MIN_ANSWER_TOKENS = 64
_FACT_CHARS = 4000
_MIN_FACT_CHARS = 250


class _Trimmed:
    """The answer without leading or trailing whitespace, released as it streams: whitespace
    is held back until text follows it."""

    def __init__(self) -> None:
        self.started = False
        self.text = ""
        self._pending = ""

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        if not self.started:
            text = text.lstrip()
        body = text.rstrip()
        self._pending = text[len(body) :]
        if body:
            self.started = True
            self.text += body
        return body


@dataclass
class _Generation:
    prompt_tokens: int = 0
    output_tokens: int = 0
    halt: threading.Event = field(default_factory=threading.Event)

    def usage(self) -> UsageMetadata:
        return UsageMetadata(
            input_tokens=self.prompt_tokens,
            output_tokens=self.output_tokens,
            total_tokens=self.prompt_tokens + self.output_tokens,
        )


_DONE = object()


class LlamaCppChatModel(StreamingFirstChatModel, TextStreamingChatModel):
    """A chat model backed by a GGUF file run in-process; phrases the grounded draft with a
    few-shot prompt and falls back to the draft when the model says nothing."""

    model_path: Path
    n_threads: int = 2
    n_ctx: int = 2048
    max_tokens: int = 256
    temperature: float = 0.2
    # Measured on the bundled model: 1.3 made it drop or invent half the numbers of its drafts
    # (copying the facts is exactly what a repeat penalty punishes); 1.1 kept them, and
    # `is_looping` catches what it lets through.
    repeat_penalty: float = 1.1
    timeout_s: float = 60.0

    @property
    def _llm_type(self) -> str:
        return "agentstream-local"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": str(self.model_path), "max_tokens": self.max_tokens}

    def engine(self) -> SharedLlama:
        """The shared model, loading it if needed (blocking: call it off the event loop)."""
        return shared_llama(self.model_path, self.n_ctx, self.n_threads)

    def _prompt_ids(self, llama: "Llama", messages: list[BaseMessage]) -> list[int]:
        """The prompt's tokens, with the facts cut until the answer has room in the context."""
        budget = self.n_ctx - min(self.max_tokens, _MIN_ANSWER_TOKENS)
        fact_chars = _FACT_CHARS
        while True:
            # special=False: text from users or documents cannot inject control tokens.
            ids = llama.tokenize(build_prompt(messages, fact_chars).encode(), special=False)
            if len(ids) <= budget or fact_chars <= _MIN_FACT_CHARS:
                return ids
            fact_chars //= 2

    def _pieces(
        self, messages: list[BaseMessage], stop: list[str] | None, generation: _Generation
    ) -> Generator[str, None, None]:
        """The model's raw text pieces; blocks, so it runs in a worker thread (or a sync call).

        Raises TimeoutError when the model stays busy with other runs for `timeout_s`.
        """
        deadline = time.monotonic() + self.timeout_s
        engine = self.engine()
        if not engine.lock.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
            raise TimeoutError(f"the local model stayed busy for {self.timeout_s:.0f} s")
        try:
            if generation.halt.is_set():
                return
            ids = self._prompt_ids(engine.llama, messages)
            generation.prompt_tokens = len(ids)
            stream = engine.llama.create_completion(
                ids,
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                repeat_penalty=self.repeat_penalty,
                stop=[*STOP_SEQUENCES, *(stop or [])],
                stopping_criteria=self._stopping_criteria(engine, len(ids), generation, deadline),
                stream=True,
            )
            for chunk in cast(Iterator[dict[str, Any]], stream):
                text = chunk["choices"][0]["text"]
                if text:
                    yield str(text)
        finally:
            engine.lock.release()

    def _stopping_criteria(
        self, engine: SharedLlama, prompt_tokens: int, generation: _Generation, deadline: float
    ) -> "StoppingCriteriaList":
        from llama_cpp import StoppingCriteriaList

        def should_stop(input_ids: "npt.NDArray[np.intc]", _: "npt.NDArray[np.single]") -> bool:
            # Called before each sampled token is used, with the tokens evaluated so far.
            sampled = len(input_ids) - prompt_tokens + 1
            if sampled > generation.output_tokens:
                engine.tokens_generated += sampled - generation.output_tokens
                generation.output_tokens = sampled
            return (
                generation.halt.is_set()
                # Past the deadline the run keeps what it has rather than hold the model.
                or time.monotonic() > deadline
                or is_looping(
                    [int(t) for t in input_ids[max(prompt_tokens, len(input_ids) - LOOP_WINDOW) :]]
                )
            )

        return StoppingCriteriaList([should_stop])

    @staticmethod
    def _fallback(messages: list[BaseMessage]) -> str:
        """What to say when the model produced only whitespace: the grounded draft as is, so an
        answer is never empty."""
        draft = grounded_answer_of(messages)
        return draft if draft and draft.strip() else _NOTHING_TO_SAY

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        generation = _Generation()
        answer = _Trimmed()
        pieces = self._pieces(messages, stop, generation)
        try:
            for piece in pieces:
                text = answer.feed(piece)
                if text:
                    yield ChatGenerationChunk(message=AIMessageChunk(content=text))
        finally:
            generation.halt.set()
            pieces.close()  # releases the model now, not when the generator is collected
        for text in self._closing(messages, answer):
            yield ChatGenerationChunk(message=AIMessageChunk(content=text))
        yield ChatGenerationChunk(
            message=AIMessageChunk(content="", usage_metadata=generation.usage())
        )

    async def astream_pieces(
        self, messages: list[BaseMessage], usage: Usage, stop: list[str] | None = None
    ) -> AsyncIterator[list[str]]:
        generation = _Generation()
        queue: asyncio.Queue[object] = asyncio.Queue()
        thread = threading.Thread(
            target=self._produce,
            args=(messages, stop, generation, _forwarder(asyncio.get_running_loop(), queue)),
            name="agentstream-llama",
            daemon=True,
        )
        thread.start()
        answer = _Trimmed()
        try:
            async for batch in _batches(queue):
                if pieces := [text for piece in batch if (text := answer.feed(piece))]:
                    yield pieces
        finally:
            # Runs on normal end, error, GeneratorExit and CancelledError alike: the worker
            # stops before its next token.
            generation.halt.set()
        if closing := list(self._closing(messages, answer)):
            yield closing
        usage.add(generation.usage())

    def _produce(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None,
        generation: _Generation,
        forward: Callable[[object], bool],
    ) -> None:
        """The worker thread: forwards pieces, then `_DONE` or the error that ended it."""
        try:
            for piece in self._pieces(messages, stop, generation):
                if not forward(piece):
                    generation.halt.set()  # the event loop is gone: nobody is listening
            forward(_DONE)
        except Exception as error:
            forward(error)

    def _closing(self, messages: list[BaseMessage], answer: _Trimmed) -> Iterator[str]:
        """What follows the model's own text: the fallback if it said nothing, or a closing."""
        if not answer.started:
            yield from split_tokens(self._fallback(messages))
        elif closing := closing_of(messages, answer.text):
            # The stance and ranking that planning reads stay the deterministic draft's.
            yield closing


async def _batches(queue: "asyncio.Queue[object]") -> AsyncIterator[list[str]]:
    """The worker's pieces in batches of all that wait in `queue`, until `_DONE`; an error
    the worker forwarded is raised after the pieces that came before it."""
    while True:
        items = [await queue.get()]
        while not queue.empty():
            items.append(queue.get_nowait())
        pieces: list[str] = []
        for item in items:
            if item is _DONE or isinstance(item, BaseException):
                if pieces:
                    yield pieces
                if isinstance(item, BaseException):
                    raise item
                return
            pieces.append(cast(str, item))
        yield pieces


def _forwarder(
    loop: asyncio.AbstractEventLoop, queue: "asyncio.Queue[object]"
) -> Callable[[object], bool]:
    """Puts items on `queue` from another thread; False once the loop is closed."""

    def forward(item: object) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:
            return False
        return True

    return forward


def create_local_model(settings: Settings) -> BaseChatModel:
    """The `local` provider from settings: `llm_model_path`, else the bundled Gemma 3 270M.

    Raises ModelUnavailable when llama-cpp-python is not installed or the file is missing.
    """
    if importlib.util.find_spec("llama_cpp") is None:
        raise ModelUnavailable(f"llm_provider=local needs llama-cpp-python: {INSTALL_HINT}")
    if settings.llm_model_path is not None:
        path = settings.llm_model_path
        if not path.is_file():
            raise ModelUnavailable(
                f"the model file {path} (AGENTSTREAM_LLM_MODEL_PATH) does not exist"
            )
    else:
        path = bundled_model_path(settings.model_cache_dir)
    return LlamaCppChatModel(
        model_path=path,
        n_threads=settings.llm_threads,
        n_ctx=settings.llm_context_tokens,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        timeout_s=settings.llm_timeout_s,
    )
