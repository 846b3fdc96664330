"""Persistent tenant experts (the built-in catalog is not stored)."""

import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from agentstream.db.base import Base, IdMixin, TimestampMixin


class ExpertRecord(IdMixin, TimestampMixin, Base):
    """An expert a tenant defined (the built-in catalog is not stored)."""

    __tablename__ = "experts"
    __table_args__ = (UniqueConstraint("tenant_id", "agent_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    agent_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    persona: Mapped[str] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(String(200), default=None)
    knowledge: Mapped[str] = mapped_column(Text, default="")
