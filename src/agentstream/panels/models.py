"""Persistent panels: the panel, its members, its messages (each stored as it is spoken)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agentstream.db.base import Base, IdMixin, JsonType, TimestampMixin


class PanelRecord(IdMixin, TimestampMixin, Base):
    """A panel discussion of one tenant."""

    __tablename__ = "panels"
    __table_args__ = (Index("ix_panels_tenant_created", "tenant_id", "created_at"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    query: Mapped[str] = mapped_column(Text)
    panel_type: Mapped[str] = mapped_column(String(20))
    configuration: Mapped[dict[str, Any]] = mapped_column(JsonType)
    status: Mapped[str] = mapped_column(String(20))
    consensus: Mapped[dict[str, Any] | None] = mapped_column(JsonType, default=None)
    round_consensus: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    recommendation: Mapped[str | None] = mapped_column(Text, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    run_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # The turns in progress as last saved while they streamed ({agent_id, kind, round, text}):
    # a run that ends without storing them (its worker died) keeps them as incomplete turns.
    drafts: Mapped[list[dict[str, Any]] | None] = mapped_column(JsonType, default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)

    members: Mapped[list["PanelMemberRecord"]] = relationship(
        order_by="PanelMemberRecord.position", cascade="all, delete-orphan", lazy="selectin"
    )


class PanelMemberRecord(Base):
    """An expert seated on a panel (a snapshot: later edits of the expert do not rewrite it)."""

    __tablename__ = "panel_members"

    panel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))


class PanelMessageRecord(IdMixin, TimestampMixin, Base):
    """One expert turn, stored before its event is published."""

    __tablename__ = "panel_messages"
    __table_args__ = (
        UniqueConstraint("panel_id", "sequence"),
        Index("ix_panel_messages_panel_round", "panel_id", "round_number"),
    )

    panel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    round_number: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    agent_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    stance: Mapped[str | None] = mapped_column(String(20), default=None)
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    option: Mapped[str | None] = mapped_column(Text, default=None)
    abstain: Mapped[bool] = mapped_column(Boolean, default=False)
    abstain_reason: Mapped[str | None] = mapped_column(Text, default=None)
    ranking: Mapped[list[str]] = mapped_column(JsonType, default=list)
    citations: Mapped[list[str]] = mapped_column(JsonType, default=list)
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
