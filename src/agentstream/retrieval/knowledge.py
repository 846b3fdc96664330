"""Each tenant's searchable knowledge: the demo policies (if it has demo content) and its own
documents, in a BM25 index kept current document by document.

A document is indexed when it is added and unindexed when it is deleted; a worker that finds
another worker changed the documents (the tenant's documents revision moved) reads and indexes
only the difference. Analysing text runs in a worker process (`analysis.py`), so a large upload
does not stall other tenants' requests. The index itself changes only on the event loop, a
bounded number of chunks at a time, so a search never sees a chunk half indexed.
"""

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.demo.documents import PolicyDocument
from agentstream.retrieval.analysis import AnalysedDocument, DocumentAnalyser, analyse
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.repository import DocumentRepository
from agentstream.tenancy.models import Tenant

# Chunks indexed or unindexed between two yields to other tasks of the event loop.
_CHUNKS_PER_STEP = 16
# Documents read and analysed at a time while catching up: bounds what is held in memory.
_DOCUMENTS_PER_READ = 32


@dataclass
class _TenantKnowledge:
    index: Bm25Index = field(default_factory=Bm25Index)
    # What the index reflects; None until it was first brought up to date.
    demo_content: bool | None = None
    revision: int = -1
    # Changes to the index take turns (each yields to the event loop between steps).
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def reflects(self, tenant: Tenant) -> bool:
        return self.demo_content == tenant.demo_content and self.revision >= (
            tenant.documents_revision
        )


class KnowledgeBase:
    """The live search index of each tenant of this process."""

    def __init__(
        self, builtin: Sequence[PolicyDocument], analyser: DocumentAnalyser | None = None
    ) -> None:
        self._builtin = [analyse(doc.id, doc.title, doc.text) for doc in builtin]
        self._tenants: dict[uuid.UUID, _TenantKnowledge] = {}
        self._analyser = analyser or DocumentAnalyser()

    async def index_for(self, session: AsyncSession, tenant: Tenant) -> Bm25Index:
        """The tenant's index, first brought up to date with its documents if another worker
        (or a restart) left it behind. `tenant` must be freshly loaded: its documents revision
        tells whether the index is behind. The index stays live: later changes show in it."""
        state = self._tenants.setdefault(tenant.id, _TenantKnowledge())
        if not state.reflects(tenant):
            async with state.lock:
                if not state.reflects(tenant):
                    await self._catch_up(state, session, tenant)
                    state.demo_content = tenant.demo_content
                    state.revision = max(state.revision, tenant.documents_revision)
        return state.index

    async def document_added(
        self, tenant_id: uuid.UUID, document_id: uuid.UUID, title: str, content: str, revision: int
    ) -> None:
        """Index a document just committed as change `revision` of the tenant's documents."""
        state = self._tenants.get(tenant_id)
        if state is None:
            return  # the whole index is built at its first use
        [analysed] = await self._analyser.analyse([(str(document_id), title, content)])
        async with state.lock:
            if analysed.doc_id not in state.index:
                await _add(state.index, analysed)
            _advance(state, revision)

    async def document_removed(
        self, tenant_id: uuid.UUID, document_id: uuid.UUID, revision: int
    ) -> None:
        """Unindex a document whose deletion was just committed as change `revision`."""
        state = self._tenants.get(tenant_id)
        if state is None:
            return
        async with state.lock:
            await _remove(state.index, str(document_id))
            _advance(state, revision)

    def close(self) -> None:
        """Stop the analysis worker (see `DocumentAnalyser.close`)."""
        self._analyser.close()

    async def _catch_up(
        self, state: _TenantKnowledge, session: AsyncSession, tenant: Tenant
    ) -> None:
        index = state.index
        for builtin in self._builtin:
            if not tenant.demo_content:
                await _remove(index, builtin.doc_id)
            elif builtin.doc_id not in index:
                await _add(index, builtin)
        builtin_ids = {builtin.doc_id for builtin in self._builtin}
        repository = DocumentRepository(session, tenant.id)
        stored = [str(doc_id) for doc_id in await repository.ids()]
        wanted = set(stored) | builtin_ids
        for doc_id in index.document_ids():
            if doc_id not in wanted:
                await _remove(index, doc_id)
        missing = [uuid.UUID(doc_id) for doc_id in stored if doc_id not in index]
        for start in range(0, len(missing), _DOCUMENTS_PER_READ):
            rows = await repository.contents(missing[start : start + _DOCUMENTS_PER_READ])
            documents = [(str(doc_id), title, content) for doc_id, title, content in rows]
            for analysed in await self._analyser.analyse(documents):
                if analysed.doc_id not in index:
                    await _add(index, analysed)


def _advance(state: _TenantKnowledge, revision: int) -> None:
    # Only the change right after what the index reflects may move it forward: after a gap,
    # another worker changed documents that only a catch-up reads.
    if state.revision == revision - 1:
        state.revision = revision


async def _add(index: Bm25Index, document: AnalysedDocument) -> None:
    try:
        for start in range(0, len(document), _CHUNKS_PER_STEP):
            for chunk in document.chunks(start, start + _CHUNKS_PER_STEP):
                index.add(chunk)
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        # Never leave half a document: a later catch-up would take it for indexed.
        index.remove(document.doc_id)
        raise


async def _remove(index: Bm25Index, doc_id: str) -> None:
    for _ in range(0, len(index.chunks_of(doc_id)), _CHUNKS_PER_STEP):
        index.remove(doc_id, limit=_CHUNKS_PER_STEP)
        await asyncio.sleep(0)
    index.remove(doc_id)  # forgets the document even when it has no chunk
