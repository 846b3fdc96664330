"""Each tenant's searchable knowledge: the demo policies (if it has demo content) and its own
documents, indexed with BM25 and cached until the tenant's documents change."""

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.demo.documents import PolicyDocument
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.chunking import Chunk, chunk_markdown
from agentstream.retrieval.models import TenantDocument
from agentstream.tenancy.models import Tenant

Fingerprint = tuple[bool, int, str]


class KnowledgeBase:
    """Builds and caches one BM25 index per tenant."""

    def __init__(self, builtin: Sequence[PolicyDocument]) -> None:
        self._builtin: list[Chunk] = [
            chunk for doc in builtin for chunk in chunk_markdown(doc.id, doc.title, doc.text)
        ]
        self._cache: dict[uuid.UUID, tuple[Fingerprint, Bm25Index]] = {}

    async def index_for(self, session: AsyncSession, tenant: Tenant) -> Bm25Index:
        """The tenant's index, rebuilt only when its documents changed (on any worker)."""
        count, newest = (
            await session.execute(
                select(func.count(), func.max(TenantDocument.created_at)).where(
                    TenantDocument.tenant_id == tenant.id
                )
            )
        ).one()
        fingerprint = (tenant.demo_content, int(count), str(newest))
        cached = self._cache.get(tenant.id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        documents = (
            await session.execute(
                select(TenantDocument)
                .where(TenantDocument.tenant_id == tenant.id)
                .order_by(TenantDocument.created_at)
            )
        ).scalars()
        chunks = list(self._builtin) if tenant.demo_content else []
        for doc in documents:
            chunks.extend(chunk_markdown(str(doc.id), doc.title, doc.content))
        index = Bm25Index(chunks)
        self._cache[tenant.id] = (fingerprint, index)
        return index

    def invalidate(self, tenant_id: uuid.UUID) -> None:
        """Forget a tenant's index (after one of its documents changed)."""
        self._cache.pop(tenant_id, None)
