"""Each worker caches a tenant's search index and rebuilds it only when the tenant's documents
changed, whichever worker changed them (SQLite and PostgreSQL)."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.demo.documents import load_policy_documents
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.knowledge import KnowledgeBase
from agentstream.retrieval.repository import DocumentRepository
from agentstream.tenancy.models import Tenant


@pytest.fixture
async def tenant(sessions: async_sessionmaker[AsyncSession]) -> Tenant:
    async with sessions() as session, session.begin():
        tenant = Tenant(name="knowledge-test", demo_content=False)
        session.add(tenant)
    return tenant


async def _index(
    knowledge: KnowledgeBase, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> Bm25Index:
    """What a chat turn does: load the tenant afresh, then ask for its index."""
    async with sessions() as session:
        fresh = await session.get(Tenant, tenant.id)
        assert fresh is not None
        return await knowledge.index_for(session, fresh)


def _titles(index: Bm25Index, query: str) -> set[str]:
    return {hit.chunk.title for hit in index.search(query, k=5)}


async def test_a_document_added_or_deleted_on_one_worker_is_searched_on_the_other(
    sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    worker_a, worker_b = KnowledgeBase([]), KnowledgeBase([])
    before = await _index(worker_a, sessions, tenant)
    assert await _index(worker_a, sessions, tenant) is before, "unchanged: the cache is reused"
    assert _titles(before, "parrot feeding schedule") == set()

    async with sessions() as session, session.begin():
        added = await DocumentRepository(session, tenant.id).add(
            "Parrot care", "# Feeding\nThe parrot feeding schedule is twice a day."
        )
    await _index(worker_b, sessions, tenant)
    after_add = await _index(worker_a, sessions, tenant)
    assert after_add is not before
    assert _titles(after_add, "parrot feeding schedule") == {"Parrot care"}

    async with sessions() as session, session.begin():
        assert await DocumentRepository(session, tenant.id).delete(added.id)
    assert _titles(await _index(worker_a, sessions, tenant), "parrot feeding schedule") == set()


async def test_deleting_a_missing_document_changes_nothing(
    sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    knowledge = KnowledgeBase(load_policy_documents())
    index = await _index(knowledge, sessions, tenant)
    async with sessions() as session, session.begin():
        other = Tenant(name="other")
        session.add(other)
        await session.flush()
        document = await DocumentRepository(session, other.id).add("Theirs", "# A\nText.")
    async with sessions() as session, session.begin():
        assert not await DocumentRepository(session, tenant.id).delete(document.id)
    assert await _index(knowledge, sessions, tenant) is index
