"""A tenant's index follows its documents: changes made here are indexed as they commit, changes
made by another worker are caught up on incrementally (SQLite and PostgreSQL)."""

import asyncio
import uuid
from collections.abc import Callable, Sequence

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.demo.documents import PolicyDocument, load_policy_documents
from agentstream.retrieval.analysis import DocumentAnalyser
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.knowledge import KnowledgeBase
from agentstream.retrieval.service import DocumentService
from agentstream.tenancy.models import Tenant

PARROT = ("Parrot care", "# Feeding\nThe parrot feeding schedule is twice a day.")


@pytest.fixture
async def tenant(sessions: async_sessionmaker[AsyncSession]) -> Tenant:
    async with sessions() as session, session.begin():
        tenant = Tenant(name="knowledge-test", demo_content=False)
        session.add(tenant)
    return tenant


@pytest.fixture
def worker(analyser: DocumentAnalyser) -> Callable[..., DocumentService]:
    """Makes one process's document service (its own knowledge base, as on another worker)."""

    def make(builtin: Sequence[PolicyDocument] = (), max_per_tenant: int = 100) -> DocumentService:
        knowledge = KnowledgeBase(builtin, analyser)
        return DocumentService(knowledge, max_bytes=100_000, max_per_tenant=max_per_tenant)

    return make


async def index_of(
    documents: DocumentService, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> Bm25Index:
    """What a chat turn does: load the tenant afresh, then ask for its index."""
    async with sessions() as session:
        fresh = await session.get(Tenant, tenant.id)
        assert fresh is not None
        return await documents.knowledge.index_for(session, fresh)


async def add(
    documents: DocumentService,
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    title: str,
    content: str,
) -> uuid.UUID:
    async with sessions() as session:
        fresh = await session.get(Tenant, tenant.id)
        assert fresh is not None
        return (await documents.add(session, fresh, title, content)).id


async def delete(
    documents: DocumentService,
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    document_id: uuid.UUID,
) -> bool:
    async with sessions() as session:
        return await documents.delete(session, tenant, document_id)


def titles(index: Bm25Index, query: str) -> set[str]:
    return {hit.chunk.title for hit in index.search(query, k=5)}


async def test_a_document_is_searchable_as_soon_as_it_is_added(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    documents = worker()
    index = await index_of(documents, sessions, tenant)
    assert titles(index, "parrot feeding schedule") == set()
    document_id = await add(documents, sessions, tenant, *PARROT)
    assert titles(index, "parrot feeding schedule") == {"Parrot care"}, "the live index grew"
    assert await delete(documents, sessions, tenant, document_id)
    assert titles(index, "parrot feeding schedule") == set()


async def test_changes_made_here_need_no_catch_up(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = worker()
    await index_of(documents, sessions, tenant)
    document_id = await add(documents, sessions, tenant, *PARROT)
    await delete(documents, sessions, tenant, document_id)

    async def no_catch_up(*args: object) -> None:
        raise AssertionError("the index was caught up although it was current")

    monkeypatch.setattr(documents.knowledge, "_catch_up", no_catch_up)
    await index_of(documents, sessions, tenant)


async def test_a_document_added_or_deleted_on_one_worker_is_searched_on_the_other(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    worker_a, worker_b = worker(), worker()
    index_a = await index_of(worker_a, sessions, tenant)
    await index_of(worker_b, sessions, tenant)

    document_id = await add(worker_b, sessions, tenant, *PARROT)
    assert titles(index_a, "parrot feeding schedule") == set(), "worker A has not looked yet"
    assert titles(await index_of(worker_a, sessions, tenant), "parrot feeding schedule") == {
        "Parrot care"
    }

    assert await delete(worker_b, sessions, tenant, document_id)
    assert titles(await index_of(worker_a, sessions, tenant), "parrot feeding schedule") == set()


async def test_catching_up_reads_only_the_documents_it_lacks(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker_a, worker_b = worker(), worker()
    await add(worker_b, sessions, tenant, "One", "# A\nFirst text about kettles.")
    await index_of(worker_a, sessions, tenant)
    second = await add(worker_b, sessions, tenant, "Two", "# B\nSecond text about teapots.")

    from agentstream.retrieval.repository import DocumentRepository

    read: list[list[uuid.UUID]] = []
    contents = DocumentRepository.contents

    async def recording(self: DocumentRepository, ids: list[uuid.UUID]) -> object:
        read.append(list(ids))
        return await contents(self, ids)

    monkeypatch.setattr(DocumentRepository, "contents", recording)
    index = await index_of(worker_a, sessions, tenant)
    assert read == [[second]]
    assert titles(index, "kettles teapots") == {"One", "Two"}


async def test_a_fresh_process_indexes_the_stored_documents_and_the_demo_policies(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    await add(worker(), sessions, tenant, *PARROT)
    async with sessions() as session, session.begin():
        stored = await session.get(Tenant, tenant.id)
        assert stored is not None
        stored.demo_content = True
    restarted = worker(load_policy_documents())
    index = await index_of(restarted, sessions, tenant)
    assert "Parrot care" in titles(index, "parrot feeding schedule")
    assert "Overtime Policy" in index.titles()
    assert index.titles()[-1] == "Parrot care", "the demo policies come first"


async def test_deleting_a_missing_document_changes_nothing(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    documents = worker()
    index = await index_of(documents, sessions, tenant)
    async with sessions() as session, session.begin():
        other = Tenant(name="other")
        session.add(other)
    theirs = await add(documents, sessions, other, "Theirs", "# A\nText.")
    assert not await delete(documents, sessions, tenant, theirs)
    async with sessions() as session:
        fresh = await session.get(Tenant, tenant.id)
        assert fresh is not None and fresh.documents_revision == 0
    assert await index_of(documents, sessions, tenant) is index


async def test_the_quota_counts_the_tenants_documents(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    from agentstream.retrieval.errors import DocumentQuotaReached

    documents = worker(max_per_tenant=2)
    first = await add(documents, sessions, tenant, "One", "# A\nOne.")
    await add(documents, sessions, tenant, "Two", "# A\nTwo.")
    with pytest.raises(DocumentQuotaReached):
        await add(documents, sessions, tenant, "Three", "# A\nThree.")
    await delete(documents, sessions, tenant, first)
    await add(documents, sessions, tenant, "Three", "# A\nThree.")


async def test_concurrent_uploads_cannot_exceed_the_quota(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    from agentstream.retrieval.errors import DocumentQuotaReached

    documents = worker(max_per_tenant=3)
    outcomes = await asyncio.gather(
        *(add(documents, sessions, tenant, f"Doc {n}", f"# A\nText {n}.") for n in range(6)),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, DocumentQuotaReached)]
    assert len(refused) == 3, outcomes
    async with sessions() as session:
        fresh = await session.get(Tenant, tenant.id)
        assert fresh is not None
        assert len((await documents.knowledge.index_for(session, fresh)).document_ids()) == 3


async def test_a_large_document_is_indexed_in_steps(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    worker: Callable[..., DocumentService],
) -> None:
    documents = worker(max_per_tenant=10)
    documents.max_bytes = 1_000_000
    index = await index_of(documents, sessions, tenant)
    parts = (f"## Part {n}\n" + "Valves, pumps and gaskets. " * 20 for n in range(600))
    big = "\n\n".join([*parts, "## Warranty\nThe warranty covers impellers."])
    sizes_seen: set[int] = set()
    upload = asyncio.create_task(add(documents, sessions, tenant, "Manual", big))
    while not upload.done():
        sizes_seen.add(len(index))
        await asyncio.sleep(0)
    await upload
    assert {size for size in sizes_seen if 0 < size < len(index)}, "other tasks ran in between"
    assert titles(await index_of(documents, sessions, tenant), "impellers") == {"Manual"}
