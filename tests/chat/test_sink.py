"""The chat sink's token frames: encoded for their shape, byte for byte the generic encoding."""

import json
import uuid

from agentstream.chat.turn import RunSink
from agentstream.runs.broker import InProcessBroker
from agentstream.runs.context import RunContext
from agentstream.runs.events import RunEvent
from agentstream.runs.models import SEQ_BLOCK

PIECES = [
    "The",
    " token5",
    'quote " backslash \\ slash / tab \t newline \n nul \x00 bell \x07',
    "é 中文 🚀 \u2028 \u2029 \ud800",
    "",
    '{"token": "nested"}',
]


async def test_token_frames_are_byte_for_byte_the_generic_encoding() -> None:
    broker = InProcessBroker()
    run_id = uuid.uuid4()
    await broker.open(run_id)
    context = RunContext(
        run_id, uuid.uuid4(), "chat", "conv", broker, sessions=None, seq_ceiling=SEQ_BLOCK
    )
    sink = RunSink(context, "conv")
    await sink.tokens(PIECES[:2])
    await sink.tokens(PIECES[2:])

    blocks = await anext(broker.subscribe(run_id, 0))
    assert [(block.first_seq, block.seq) for block in blocks] == [(1, 2), (3, len(PIECES))]
    batch = [event for block in blocks for event in block.events()]
    assert [event.seq for event in batch] == list(range(1, len(PIECES) + 1))
    assert b"".join(block.wire() for block in blocks) == b"".join(e.wire() for e in batch)
    for piece, event in zip(PIECES, batch, strict=True):
        assert event.data == {"token": piece, "type": "content"}
        generic = RunEvent(run_id, event.seq, None, dict(event.data))
        assert event.wire() == generic.wire()
        payload = event.wire().decode().removeprefix(f"id: {event.seq}\ndata: ")
        assert json.loads(payload.removesuffix("\n\n")) == event.data
    assert sink.parts == PIECES
