"""Conversations and their messages, per tenant."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from agentstream.db.base import Base, IdMixin, JsonType, TimestampMixin, utcnow


class Conversation(TimestampMixin, Base):
    """A thread of chat turns. Ids are chosen by the client or the service, unique per tenant."""

    __tablename__ = "conversations"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Message(IdMixin, TimestampMixin, Base):
    """One user question or assistant answer (with its sources and usage in `details`)."""

    __tablename__ = "messages"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "conversation_id"],
            ["conversations.tenant_id", "conversations.id"],
            ondelete="CASCADE",
        ),
        Index("ix_messages_conversation", "tenant_id", "conversation_id", "created_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column()
    conversation_id: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    run_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="completed")
    details: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
