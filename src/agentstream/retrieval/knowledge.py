"""Each tenant's searchable knowledge: the demo policies (if it has demo content) and its own
documents, indexed with BM25 and cached until the tenant's documents change."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.demo.documents import PolicyDocument
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.chunking import Chunk, chunk_markdown
from agentstream.retrieval.repository import DocumentRepository
from agentstream.tenancy.models import Tenant

Fingerprint = tuple[bool, int]


class KnowledgeBase:
    """Builds and caches one BM25 index per tenant."""

    def __init__(self, builtin: Sequence[PolicyDocument]) -> None:
        self._builtin: list[Chunk] = [
            chunk for doc in builtin for chunk in chunk_markdown(doc.id, doc.title, doc.text)
        ]
        self._cache: dict[uuid.UUID, tuple[Fingerprint, Bm25Index]] = {}

    async def index_for(self, session: AsyncSession, tenant: Tenant) -> Bm25Index:
        """The tenant's index, rebuilt only when its documents changed (on any worker).

        `tenant` must be freshly loaded: its documents revision tells whether the cache is stale.
        """
        fingerprint = (tenant.demo_content, tenant.documents_revision)
        cached = self._cache.get(tenant.id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        chunks = list(self._builtin) if tenant.demo_content else []
        for doc in await DocumentRepository(session, tenant.id).all():
            chunks.extend(chunk_markdown(str(doc.id), doc.title, doc.content))
        index = Bm25Index(chunks)
        self._cache[tenant.id] = (fingerprint, index)
        return index
