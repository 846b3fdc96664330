"""Request and response shapes of the chat API (seed 000)."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agentstream.api.fields import NonBlankStr

ConversationId = str
CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"


class ChatRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    message: NonBlankStr = Field(..., min_length=1, max_length=2000)
    conversation_id: str | None = Field(
        default=None,
        pattern=CONVERSATION_ID_PATTERN,
        description="Continue this conversation. An id the tenant has not used yet starts a "
        'conversation with that id (seed 000\'s "conv-123"); absent, null or "" starts one '
        "with an id the service chooses. The done frame's `conversation_created` tells which.",
    )

    @field_validator("conversation_id", mode="before")
    @classmethod
    def _empty_is_absent(cls, conversation_id: object) -> object:
        # Frontends commonly send "" for "no conversation yet"; "" can name no conversation.
        return None if conversation_id == "" else conversation_id

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"message": "How many technicians are active?", "conversation_id": "conv-123"}
            ]
        }
    )


class ChatToken(BaseModel):
    """One frame of the answer stream: `data: {"token": "...", "type": "content"}`."""

    token: str
    type: Literal["content", "thought", "tool_call", "error"] = "content"
    tool: str | None = Field(default=None, description="tool_call frames: `sql` or `rag`.")
    detail: dict[str, Any] | None = Field(
        default=None,
        description="tool_call frames: the SQL and row count, or the documents; for a call "
        "whose arguments the tool could not take, the `arguments` as written and the `error`.",
    )


class ChatTimings(BaseModel):
    """How long the turn took, in milliseconds."""

    first_token_ms: float | None = Field(description="Until the first answer token; null if none.")
    total_ms: float


class ChatMetadata(BaseModel):
    """What the done frame says of its turn. A turn that ended before it answered (cancelled
    before it ran, or ended by another worker after its own died) reports only the first three
    fields."""

    conversation_id: str
    run_id: uuid.UUID
    status: Literal["completed", "failed", "cancelled"]
    conversation_created: bool | None = Field(
        default=None, description="Whether this turn started the conversation."
    )
    route: Literal["sql", "rag", "both", "none"] | None = Field(
        default=None, description="Where the answer was looked for (null: nowhere yet)."
    )
    sources: list[dict[str, Any]] = Field(
        default_factory=list,
        description="What the answer rests on: `{type: sql, sql, row_count, ...}` or "
        "`{type: document, id, title, section, ...}`.",
    )
    usage: dict[str, int] = Field(
        default_factory=dict,
        description="Model tokens of every step: input_tokens, output_tokens, total_tokens.",
    )
    model: str | None = Field(default=None, description="The model provider that answered.")
    timings: ChatTimings | None = None
    stop_cause: Literal["requested", "client_left", "shutdown"] | None = Field(
        default=None,
        description="What stopped a turn that did not complete: a cancel request, its client "
        "leaving for longer than the disconnect grace period, or the worker shutting down "
        "(absent when nothing stopped it, or when the turn ended before it began).",
    )


class ChatComplete(BaseModel):
    """The last frame: `data: {"done": true, "metadata": {...}}`."""

    done: Literal[True] = True
    metadata: ChatMetadata


class MessageOut(BaseModel):
    """A stored message."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    role: str
    content: str
    status: str
    run_id: str | None
    created_at: datetime
    details: dict[str, Any]


class ConversationSummary(BaseModel):
    """A conversation in a listing."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    created_at: datetime
    updated_at: datetime


class ConversationDetail(ConversationSummary):
    """A conversation with its messages, oldest first."""

    messages: list[MessageOut]


class ConversationList(BaseModel):
    """A page of conversations, most recently active first."""

    conversations: list[ConversationSummary]
    total: int
    limit: int
    offset: int
