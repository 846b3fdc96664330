"""HTTP routes of chat: the streaming endpoint (seed 000) and conversations."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sse_starlette import EventSourceResponse

from agentstream.api.deps import SessionDep
from agentstream.api.pagination import PageLimit, PageOffset
from agentstream.api.sse import LastEventIdDep, event_stream_doc, run_event_response
from agentstream.chat import service
from agentstream.chat.repository import ConversationRepository
from agentstream.chat.schemas import (
    ChatComplete,
    ChatRequest,
    ChatToken,
    ConversationDetail,
    ConversationList,
    ConversationSummary,
    MessageOut,
)
from agentstream.tenancy.auth import StreamTenantDep, TenantDep

router = APIRouter(prefix="/api", tags=["chat"])

RUN_ID_HEADER = "X-Run-ID"

STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: event_stream_doc(
        "A `text/event-stream`. Each frame is `id: <seq>` and `data: <json>`: first `ChatToken` "
        "frames (`type` = `thought`, `tool_call` with the SQL that ran or the documents "
        "retrieved, `content` for answer tokens, `error`), then exactly one `ChatComplete` "
        'frame `{"done": true, "metadata": {...}}`. Idle streams receive `: ping` comments.',
        {"message": [ChatToken, ChatComplete]},
        example='id: 3\ndata: {"token": " 10", "type": "content"}\n\n',
    )
}


def _message_out(message: Any) -> MessageOut:
    return MessageOut(
        id=str(message.id),
        role=message.role,
        content=message.content,
        status=message.status,
        run_id=str(message.run_id) if message.run_id else None,
        created_at=message.created_at,
        details=message.details,
    )


@router.post(
    "/chat/stream",
    response_class=EventSourceResponse,
    responses={
        200: {
            **STREAM_DOC[200],
            "headers": {
                RUN_ID_HEADER: {
                    "description": "The turn's run id, known before the first frame: "
                    "reconnect with `GET /api/chat/runs/{run_id}/stream` and `Last-Event-ID`.",
                    "schema": {"type": "string", "format": "uuid"},
                }
            },
        }
    },
)
async def chat_stream(
    body: ChatRequest, tenant: TenantDep, session: SessionDep, request: Request
) -> EventSourceResponse:
    """Ask the orchestrator a question and stream the answer token by token.

    The turn is a run: a client that disconnects has `AGENTSTREAM_DISCONNECT_GRACE_S` to
    resume it (on any worker), after which it stops (no model call is wasted); the question
    and the (partial) answer are kept in the conversation. The `X-Run-ID` response header
    names the run, so a client that loses the stream can resume it.
    """
    chat = request.app.state.chat
    run = await chat.start_turn(session, tenant, body)
    response = run_event_response(chat.manager.stream_batches(run.id), request.app.state.settings)
    response.headers[RUN_ID_HEADER] = str(run.id)
    return response


@router.get("/chat/runs/{run_id}/stream", response_class=EventSourceResponse, responses=STREAM_DOC)
async def chat_run_stream(
    run_id: uuid.UUID,
    tenant: StreamTenantDep,
    session: SessionDep,
    request: Request,
    last_event_id: LastEventIdDep,
) -> EventSourceResponse:
    """Replay a chat run's frames after `Last-Event-ID` (facts; live tokens while it runs)."""
    run = await service.get_run(session, tenant, run_id)
    chat = request.app.state.chat
    events = chat.manager.stream_batches(run.id, last_event_id)
    return run_event_response(events, request.app.state.settings)


@router.post(
    "/chat/runs/{run_id}/cancel",
    status_code=204,
    responses={404: {"description": "No such run."}, 409: {"description": "It has ended."}},
)
async def cancel_chat_run(
    run_id: uuid.UUID, tenant: TenantDep, session: SessionDep, request: Request
) -> Response:
    """Stop a chat turn now, on whichever worker runs it: the answer so far is kept and the
    stream ends with a `cancelled` done frame. Answered once the cancel is stored."""
    await service.cancel_run(session, request.app.state.chat.manager, tenant, run_id)
    return Response(status_code=204)


@router.get("/conversations", response_model=ConversationList, tags=["conversations"])
async def list_conversations(
    tenant: TenantDep,
    session: SessionDep,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
) -> ConversationList:
    """The tenant's conversations, most recently active first."""
    items, total = await ConversationRepository(session, tenant.id).list_page(limit, offset)
    return ConversationList(
        conversations=[ConversationSummary.model_validate(c) for c in items],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/conversations/{conversation_id}", response_model=ConversationDetail, tags=["conversations"]
)
async def read_conversation(
    conversation_id: str, tenant: TenantDep, session: SessionDep
) -> ConversationDetail:
    """A conversation with all its messages (answers carry their sources and usage)."""
    conversation, messages = await service.get_conversation(session, tenant, conversation_id)
    return ConversationDetail(
        id=conversation.id,
        title=conversation.title,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        messages=[_message_out(m) for m in messages],
    )


@router.delete("/conversations/{conversation_id}", status_code=204, tags=["conversations"])
async def delete_conversation(
    conversation_id: str, tenant: TenantDep, session: SessionDep
) -> Response:
    """Delete a conversation and its messages."""
    await service.delete_conversation(session, tenant, conversation_id)
    return Response(status_code=204)
