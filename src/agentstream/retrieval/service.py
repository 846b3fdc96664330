"""Use cases of a tenant's documents: each change is committed, then indexed at once."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.retrieval.errors import DocumentQuotaReached, DocumentTooLarge
from agentstream.retrieval.knowledge import KnowledgeBase
from agentstream.retrieval.models import TenantDocument
from agentstream.retrieval.repository import DocumentRepository
from agentstream.tenancy.models import Tenant


class DocumentService:
    """Adds, reads and deletes a tenant's documents within its limits; one per process."""

    def __init__(self, knowledge: KnowledgeBase, *, max_bytes: int, max_per_tenant: int) -> None:
        self.knowledge = knowledge
        self.max_bytes = max_bytes
        self.max_per_tenant = max_per_tenant

    async def add(
        self, session: AsyncSession, tenant: Tenant, title: str, content: str
    ) -> TenantDocument:
        """Store a document and index it, so the tenant's next question can cite it."""
        if len(content.encode()) > self.max_bytes:
            raise DocumentTooLarge(f"content exceeds {self.max_bytes} bytes", field="content")
        repository = DocumentRepository(session, tenant.id)
        revision = await repository.begin_change()
        if await repository.count() >= self.max_per_tenant:
            raise DocumentQuotaReached(
                f"the tenant already has {self.max_per_tenant} documents, the most it may keep: "
                "delete one first"
            )
        document = await repository.add(title, content)
        await session.commit()
        await self.knowledge.document_added(tenant.id, document.id, title, content, revision)
        return document

    async def delete(self, session: AsyncSession, tenant: Tenant, document_id: uuid.UUID) -> bool:
        """Delete a document and unindex it; False if the tenant has no such document."""
        repository = DocumentRepository(session, tenant.id)
        revision = await repository.begin_change()
        if not await repository.delete(document_id):
            await session.rollback()  # nothing changed: leave the revision as it was
            return False
        await session.commit()
        await self.knowledge.document_removed(tenant.id, document_id, revision)
        return True

    async def get(
        self, session: AsyncSession, tenant: Tenant, document_id: uuid.UUID
    ) -> TenantDocument | None:
        """One of the tenant's documents."""
        return await DocumentRepository(session, tenant.id).get(document_id)

    async def list_page(
        self, session: AsyncSession, tenant: Tenant, limit: int, offset: int
    ) -> tuple[Sequence[TenantDocument], int]:
        """A page of the tenant's documents, newest first, and their total."""
        return await DocumentRepository(session, tenant.id).list_page(limit, offset)
