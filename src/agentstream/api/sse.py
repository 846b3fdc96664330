"""Server-Sent-Events responses over a run's event stream (pings, send timeout, no buffering)."""

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Annotated, Any

from fastapi import Depends, Header, Query
from pydantic import BaseModel
from sse_starlette import EventSourceResponse, ServerSentEvent

from agentstream.runs.events import Published
from agentstream.settings import Settings

SSE_HEADERS = {"Cache-Control": "no-cache", "Connection": "keep-alive", "X-Accel-Buffering": "no"}


# Event ids are signed 64-bit sequence numbers in the database: a larger one is a malformed
# header (400), not an overflow in the driver.
MAX_EVENT_ID = 2**63 - 1


def last_event_id(
    header: Annotated[
        int | None,
        Header(
            alias="Last-Event-ID",
            ge=0,
            le=MAX_EVENT_ID,
            description="The `id:` of the last frame received: the stream resumes after it.",
        ),
    ] = None,
    query: Annotated[
        int | None,
        Query(
            alias="last_event_id",
            ge=0,
            le=MAX_EVENT_ID,
            description="As the `Last-Event-ID` header, for a new EventSource, which cannot "
            "set it.",
        ),
    ] = None,
) -> int:
    """The last event a client saw, from the header or the query (0: from the start). A
    browser reconnecting on its own sends the header with a newer id than the query it was
    opened with: the later wins."""
    return max(header or 0, query or 0)


LastEventIdDep = Annotated[int, Depends(last_event_id)]


EVENT_ID_CONTRACT = (
    "The event's number in its run. Numbers strictly increase and each event has one, so a "
    "client that resumes after the last id it saw (`Last-Event-ID`) gets every later event "
    "exactly once. They are consecutive while the run's worker lives, but not always: when "
    "another worker ends a run whose worker died, and when an event could not be stored, "
    "numbers are skipped. Compare ids by order; never expect the next to be one more."
)

# What sse-starlette's ping sends, as a comment line that EventSource clients ignore.
PING = ServerSentEvent(comment="ping", sep="\n").encode()


async def _frames(batches: AsyncIterator[Sequence[Published]]) -> AsyncIterator[bytes]:
    async for batch in batches:
        # One write per batch: the frames are unchanged, only the number of sends shrinks.
        yield b"".join([event.wire() for event in batch]) if batch else PING


def run_event_response(
    batches: AsyncIterator[Sequence[Published]], settings: Settings
) -> EventSourceResponse:
    """Stream run events as SSE frames; an empty batch (the run manager's heartbeat on an idle
    stream) becomes a comment ping that keeps proxies from closing the connection.

    sse-starlette's own ping is off: it runs a task per stream for the whole stream, and
    costs a turn of the chat benchmark ~3% of its instructions. The manager's heartbeat only
    adds a timeout to the waits of a subscriber that has nothing to send.
    """
    return EventSourceResponse(
        _frames(batches),
        headers=SSE_HEADERS,
        ping=0,
        send_timeout=settings.sse_send_timeout_s,
        sep="\n",
        # When the server stops, the stream stays open while the run drains: it ends with
        # the run's last event (sse-starlette would otherwise close it at once).
        shutdown_grace_period=settings.shutdown_timeout_s,
    )


def event_stream_doc(
    description: str, events: Mapping[str, Sequence[type[BaseModel]]], example: str
) -> dict[str, Any]:
    """The OpenAPI 200 response of an SSE endpoint. Its schema describes one event as a client
    parses it, `{"id", "event", "data"}`, with `data` the JSON of one of the models the event
    name carries (frames without `event:` are `message` events). Open API 3.1 tools read the
    schema of `text/event-stream` as one event; 3.2 names the same thing `itemSchema`."""
    variants = [
        {
            "type": "object",
            "required": ["event", "data"],
            "properties": {
                "id": {"type": "string", "pattern": "^[0-9]+$", "description": EVENT_ID_CONTRACT},
                "event": {"const": name},
                "data": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": {
                        "anyOf": [
                            {"$ref": f"#/components/schemas/{model.__name__}"} for model in models
                        ]
                    },
                },
            },
        }
        for name, models in events.items()
    ]
    schema = variants[0] if len(variants) == 1 else {"oneOf": variants}
    return {
        "description": description,
        "content": {"text/event-stream": {"schema": schema, "example": example}},
    }
