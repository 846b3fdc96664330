"""Persistent runs and their durable events (the facts; token deltas are never stored)."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from agentstream.db.base import Base, IdMixin, JsonType, TimestampMixin

SEQ_BLOCK = 4096


class RunStatus(StrEnum):
    """Lifecycle of a run; the last three are terminal."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """Whether the run can no longer change."""
        return self is not RunStatus.RUNNING


class Run(IdMixin, TimestampMixin, Base):
    """One execution owned by the service."""

    __tablename__ = "runs"
    # What every worker's reaper looks for: running runs whose lease has expired.
    __table_args__ = (Index("ix_runs_status_lease", "status", "lease_expires_at"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING.value)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    # Every sequence number the run may have sent (live ones are never stored) is at most this;
    # reserved in blocks, so that events written after a crash are numbered above them all.
    seq_ceiling: Mapped[int] = mapped_column(Integer, default=SEQ_BLOCK)
    # Model tokens the run consumed, added as it goes (a cancelled run keeps what it used).
    input_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    output_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    # The worker executing the run, and until when it holds it: it renews the lease while the
    # run lives; once the lease expires, any worker may end the run (its owner died).
    owner: Mapped[str | None] = mapped_column(String(100), default=None)
    lease_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    # A cancel asked for on any worker, stored first so the owner cannot miss it.
    cancel_requested_at: Mapped[datetime | None] = mapped_column(default=None)


class RunEventRecord(Base):
    """A durable event of a run, replayed to subscribers that (re)connect."""

    __tablename__ = "run_events"

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str | None] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    terminal: Mapped[bool] = mapped_column(Boolean, default=False)
