"""SQL of a tenant's documents; every statement is scoped by tenant."""

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.retrieval.models import TenantDocument
from agentstream.tenancy.models import Tenant


class DocumentRepository:
    """Persistence of one tenant's documents.

    Each change raises the tenant's documents revision in the transaction of the change, so
    that every worker can tell its search index is behind. Raising it first locks the tenant's
    row until commit: changes of one tenant's documents take turns, and a count read after it
    stays true until the change commits.
    """

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        self.session = session
        self.tenant_id = tenant_id

    async def begin_change(self) -> int:
        """Raise the tenant's documents revision; return the new one."""
        result = await self.session.execute(
            update(Tenant)
            .where(Tenant.id == self.tenant_id)
            .values(documents_revision=Tenant.documents_revision + 1)
            .returning(Tenant.documents_revision)
        )
        return int(result.scalar_one())

    async def count(self) -> int:
        """How many documents the tenant has."""
        statement = select(func.count()).where(TenantDocument.tenant_id == self.tenant_id)
        return int((await self.session.execute(statement)).scalar_one())

    async def add(self, title: str, content: str) -> TenantDocument:
        """Store a new document (after `begin_change`)."""
        document = TenantDocument(tenant_id=self.tenant_id, title=title, content=content)
        self.session.add(document)
        await self.session.flush()
        return document

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

    async def ids(self) -> list[uuid.UUID]:
        """The id of every document of the tenant, oldest first (the order it is indexed in)."""
        statement = (
            select(TenantDocument.id)
            .where(TenantDocument.tenant_id == self.tenant_id)
            .order_by(TenantDocument.created_at, TenantDocument.id)
        )
        return list((await self.session.execute(statement)).scalars().all())

    async def contents(self, document_ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, str, str]]:
        """(id, title, content) of the tenant's documents among `document_ids`, in that order.

        Plain rows, not ORM objects: a session indexing thousands of documents must not keep
        them all in its identity map.
        """
        statement = select(TenantDocument.id, TenantDocument.title, TenantDocument.content).where(
            TenantDocument.tenant_id == self.tenant_id, TenantDocument.id.in_(document_ids)
        )
        found = {
            row.id: (row.id, row.title, row.content)
            for row in await self.session.execute(statement)
        }
        return [found[i] for i in document_ids if i in found]

    async def delete(self, document_id: uuid.UUID) -> bool:
        """Delete a document (after `begin_change`); False if the tenant has no such one."""
        result = await self.session.execute(
            delete(TenantDocument).where(
                TenantDocument.id == document_id, TenantDocument.tenant_id == self.tenant_id
            )
        )
        return bool(getattr(result, "rowcount", 0))
