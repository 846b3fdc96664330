"""SQL of a tenant's documents; every statement is scoped by tenant."""

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.retrieval.models import TenantDocument
from agentstream.tenancy.models import Tenant


class DocumentRepository:
    """Persistence of one tenant's documents."""

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        self.session = session
        self.tenant_id = tenant_id

    async def add(self, title: str, content: str) -> TenantDocument:
        """Store a new document."""
        document = TenantDocument(tenant_id=self.tenant_id, title=title, content=content)
        self.session.add(document)
        await self.session.flush()
        await self._changed()
        return document

    async def _changed(self) -> None:
        """Raise the tenant's documents revision, in the transaction of the change."""
        await self.session.execute(
            update(Tenant)
            .where(Tenant.id == self.tenant_id)
            .values(documents_revision=Tenant.documents_revision + 1)
        )

    async def get(self, document_id: uuid.UUID) -> TenantDocument | None:
        """The tenant's document with this id."""
        statement = select(TenantDocument).where(
            TenantDocument.id == document_id, TenantDocument.tenant_id == self.tenant_id
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def list_page(self, limit: int, offset: int) -> tuple[Sequence[TenantDocument], int]:
        """A page of documents, newest first, and the total."""
        scope = TenantDocument.tenant_id == self.tenant_id
        total = (await self.session.execute(select(func.count()).where(scope))).scalar_one()
        statement = (
            select(TenantDocument)
            .where(scope)
            .order_by(TenantDocument.created_at.desc(), TenantDocument.id)
            .limit(limit)
            .offset(offset)
        )
        return (await self.session.execute(statement)).scalars().all(), total

    async def all(self) -> Sequence[TenantDocument]:
        """Every document of the tenant, oldest first (for indexing)."""
        statement = (
            select(TenantDocument)
            .where(TenantDocument.tenant_id == self.tenant_id)
            .order_by(TenantDocument.created_at, TenantDocument.id)
        )
        return (await self.session.execute(statement)).scalars().all()

    async def delete(self, document_id: uuid.UUID) -> bool:
        """Delete a document; False if the tenant has no such one."""
        result = await self.session.execute(
            delete(TenantDocument).where(
                TenantDocument.id == document_id, TenantDocument.tenant_id == self.tenant_id
            )
        )
        deleted = bool(getattr(result, "rowcount", 0))
        if deleted:
            await self._changed()
        return deleted
