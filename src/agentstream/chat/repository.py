"""SQL of conversations and messages; every statement is scoped by tenant."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.chat.models import Conversation, Message
from agentstream.db.base import utcnow
from agentstream.db.rows import Write, row_insert, table_of

_CONVERSATIONS = table_of(Conversation)
# Every follow-up question marks its conversation (a prepared statement: see db.rows).
_TOUCH = (
    update(_CONVERSATIONS)
    .where(
        _CONVERSATIONS.c.tenant_id == bindparam("tenant"),
        _CONVERSATIONS.c.id == bindparam("conversation"),
    )
    .values(updated_at=bindparam("now"))
)


def conversation_write(tenant_id: uuid.UUID, conversation_id: str, title: str) -> Write:
    """The INSERT of a new conversation, to execute with its turn's other writes."""
    now = utcnow()  # created and last active at the same instant
    return row_insert(
        Conversation,
        tenant_id=tenant_id,
        id=conversation_id,
        title=title,
        created_at=now,
        updated_at=now,
    )


def message_write(
    tenant_id: uuid.UUID,
    conversation_id: str,
    role: str,
    content: str,
    *,
    run_id: uuid.UUID,
    status: str = "completed",
    details: dict[str, Any] | None = None,
) -> Write:
    """The INSERT of a message, to execute with its turn's other writes."""
    return row_insert(
        Message,
        tenant_id=tenant_id,
        conversation_id=conversation_id,
        role=role,
        content=content,
        run_id=run_id,
        status=status,
        details=details or {},
    )


_MESSAGES = table_of(Message)
# A streaming answer saved again at each checkpoint, and once more when it ends.
_REWRITE_ANSWER = (
    update(_MESSAGES)
    .where(_MESSAGES.c.id == bindparam("message_id"))
    .values(content=bindparam("content"), status=bindparam("status"), details=bindparam("details"))
)


def answer_update(
    message_id: uuid.UUID, content: str, status: str, details: dict[str, Any]
) -> Write:
    """The UPDATE of an answer saved before (see `message_write`)."""
    return _REWRITE_ANSWER, {
        "message_id": message_id,
        "content": content,
        "status": status,
        "details": details,
    }


async def end_answer(session: AsyncSession, run_id: uuid.UUID, status: str) -> None:
    """Give the answer a run saved so far the status its run ended with."""
    await session.execute(
        update(Message)
        .where(Message.run_id == run_id, Message.role == "assistant")
        .values(status=status)
    )


class ConversationRepository:
    """Persistence of one tenant's conversations."""

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        self.session = session
        self.tenant_id = tenant_id

    async def get(self, conversation_id: str) -> Conversation | None:
        """The tenant's conversation with this id."""
        return await self.session.get(Conversation, (self.tenant_id, conversation_id))

    async def touch(self, conversation_id: str) -> None:
        """Mark the conversation as just active."""
        await self.session.execute(
            _TOUCH, {"tenant": self.tenant_id, "conversation": conversation_id, "now": utcnow()}
        )

    async def list_page(self, limit: int, offset: int) -> tuple[Sequence[Conversation], int]:
        """A page of conversations, most recently active first, and the total."""
        scope = Conversation.tenant_id == self.tenant_id
        total = (await self.session.execute(select(func.count()).where(scope))).scalar_one()
        statement = (
            select(Conversation)
            .where(scope)
            .order_by(Conversation.updated_at.desc(), Conversation.id)
            .limit(limit)
            .offset(offset)
        )
        return (await self.session.execute(statement)).scalars().all(), total

    async def delete(self, conversation_id: str) -> bool:
        """Delete a conversation and its messages; False if the tenant has no such one."""
        result = await self.session.execute(
            delete(Conversation).where(
                Conversation.tenant_id == self.tenant_id, Conversation.id == conversation_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def asked_in(self, conversation_id: str, run_id: uuid.UUID) -> bool:
        """Whether the conversation holds the question that the run answers."""
        statement = select(Message.id).where(
            Message.tenant_id == self.tenant_id,
            Message.conversation_id == conversation_id,
            Message.run_id == run_id,
        )
        return (await self.session.execute(statement.limit(1))).first() is not None

    async def messages(self, conversation_id: str, last: int | None = None) -> Sequence[Message]:
        """Messages of a conversation, oldest first (only the `last` ones if given)."""
        statement = select(Message).where(
            Message.tenant_id == self.tenant_id, Message.conversation_id == conversation_id
        )
        if last is None:
            return (
                (await self.session.execute(statement.order_by(Message.created_at))).scalars().all()
            )
        newest = statement.order_by(Message.created_at.desc()).limit(last)
        return list(reversed((await self.session.execute(newest)).scalars().all()))
