"""Server-Sent-Events responses over a run's event stream (pings, send timeout, no buffering)."""

from collections.abc import AsyncIterator, Sequence

from sse_starlette import EventSourceResponse, ServerSentEvent

from agentstream.runs.events import Published
from agentstream.settings import Settings

SSE_HEADERS = {"Cache-Control": "no-cache", "Connection": "keep-alive", "X-Accel-Buffering": "no"}


def parse_last_event_id(value: str | None) -> int:
    """The sequence number a reconnecting client saw last (0 when absent or unusable)."""
    if value is None:
        return 0
    try:
        return max(int(value.strip()), 0)
    except ValueError:
        return 0


async def _frames(batches: AsyncIterator[Sequence[Published]]) -> AsyncIterator[bytes]:
    async for batch in batches:
        # One write per batch: the frames are unchanged, only the number of sends shrinks.
        yield b"".join([event.wire() for event in batch])


def run_event_response(
    batches: AsyncIterator[Sequence[Published]], settings: Settings
) -> EventSourceResponse:
    """Stream run events as SSE frames; idle streams get a comment ping to keep proxies open."""
    return EventSourceResponse(
        _frames(batches),
        headers=SSE_HEADERS,
        ping=settings.sse_ping_s,
        ping_message_factory=lambda: ServerSentEvent(comment="ping"),
        send_timeout=settings.sse_send_timeout_s,
        sep="\n",
    )
