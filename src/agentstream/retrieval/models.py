"""Documents a tenant adds to its knowledge base (the built-in policies ship with the package)."""

import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from agentstream.db.base import Base, IdMixin, TimestampMixin


class TenantDocument(IdMixin, TimestampMixin, Base):
    """A Markdown or plain-text document searchable by the tenant's RAG tool."""

    __tablename__ = "documents"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
