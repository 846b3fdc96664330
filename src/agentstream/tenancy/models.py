"""Tenants and their API keys (stored as SHA-256 digests, never in clear)."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from agentstream.db.base import Base, IdMixin, TimestampMixin


class Tenant(IdMixin, TimestampMixin, Base):
    """An isolated customer of the service: its keys, conversations, documents and data source."""

    __tablename__ = "tenants"

    name: Mapped[str] = mapped_column(String(200))
    # Read-only business database the SQL tool may query; None: the tenant has none yet.
    data_source_url: Mapped[str | None] = mapped_column(String(1000), default=None)
    # Sees the demo company's database and policy documents (the demo tenant, trial tenants).
    demo_content: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised with every change to the tenant's documents, so that each worker's cached search
    # index can tell it is stale without asking the documents table.
    documents_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApiKey(IdMixin, TimestampMixin, Base):
    """A bearer credential of one tenant."""

    __tablename__ = "api_keys"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # Shown in listings so a key can be recognised without revealing it.
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
