"""Parsing of Server-Sent-Events streams in tests."""

import json
from dataclasses import dataclass
from typing import Any

from agentstream.chat.schemas import ChatComplete, ChatMetadata


@dataclass
class Frame:
    """One SSE event as a client sees it."""

    id: int | None
    event: str | None
    data: dict[str, Any]


def parse_frames(text: str) -> list[Frame]:
    """Every data-bearing event of a raw `text/event-stream` body (comments skipped)."""
    frames: list[Frame] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            fields[name] = value
        if "data" in fields:
            frames.append(
                Frame(
                    int(fields["id"]) if "id" in fields else None,
                    fields.get("event"),
                    json.loads(fields["data"]),
                )
            )
    return frames


def answer_text(frames: list[Frame]) -> str:
    """The concatenated content tokens."""
    return "".join(f.data["token"] for f in frames if f.data.get("type") == "content")


def of_type(frames: list[Frame], kind: str) -> list[dict[str, Any]]:
    """The data of the chat frames of one `type` (`content`, `thought`, `tool_call`, `error`)."""
    return [f.data for f in frames if f.data.get("type") == kind]


def done_metadata(frames: list[Frame]) -> dict[str, Any]:
    """The metadata of the final done frame (asserting there is exactly one, last, and that it
    is as documented)."""
    done = [f for f in frames if f.data.get("done")]
    assert len(done) == 1 and frames[-1] is done[0], "exactly one done frame, last"
    metadata: dict[str, Any] = done[0].data["metadata"]
    # As the OpenAPI describes it, every field named.
    ChatComplete.model_validate(done[0].data)
    assert set(metadata) <= set(ChatMetadata.model_fields), set(metadata)
    return metadata
