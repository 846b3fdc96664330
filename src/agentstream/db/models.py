"""Imports every ORM model so `Base.metadata` is complete (for Alembic and tests)."""

from agentstream.chat.models import Conversation, Message
from agentstream.db.base import Base
from agentstream.experts.models import ExpertRecord
from agentstream.panels.models import (
    PanelMemberRecord,
    PanelMessageRecord,
    PanelRecord,
)
from agentstream.retrieval.models import TenantDocument
from agentstream.runs.models import Run, RunEventRecord
from agentstream.tenancy.models import ApiKey, Tenant

__all__ = [
    "ApiKey",
    "Base",
    "Conversation",
    "ExpertRecord",
    "Message",
    "PanelMemberRecord",
    "PanelMessageRecord",
    "PanelRecord",
    "Run",
    "RunEventRecord",
    "Tenant",
    "TenantDocument",
]
