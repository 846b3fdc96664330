"""SQL of tenant-defined experts; every statement is scoped by tenant."""

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.experts.models import ExpertRecord


class ExpertRepository:
    """Persistence of one tenant's experts."""

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        self.session = session
        self.tenant_id = tenant_id

    async def get(self, agent_id: str) -> ExpertRecord | None:
        """The tenant's expert with this id."""
        statement = select(ExpertRecord).where(
            ExpertRecord.tenant_id == self.tenant_id, ExpertRecord.agent_id == agent_id
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def get_many(self, agent_ids: Sequence[str]) -> Sequence[ExpertRecord]:
        """The tenant's experts among these ids."""
        statement = select(ExpertRecord).where(
            ExpertRecord.tenant_id == self.tenant_id, ExpertRecord.agent_id.in_(agent_ids)
        )
        return (await self.session.execute(statement)).scalars().all()

    async def list_all(self) -> Sequence[ExpertRecord]:
        """Every expert of the tenant, by id."""
        statement = (
            select(ExpertRecord)
            .where(ExpertRecord.tenant_id == self.tenant_id)
            .order_by(ExpertRecord.agent_id)
        )
        return (await self.session.execute(statement)).scalars().all()

    async def add(self, record: ExpertRecord) -> ExpertRecord:
        """Store a new expert of the tenant."""
        if record.tenant_id != self.tenant_id:
            raise ValueError("expert belongs to another tenant")
        self.session.add(record)
        await self.session.flush()
        return record

    async def delete(self, agent_id: str) -> bool:
        """Delete an expert; False if the tenant has no such one."""
        result = await self.session.execute(
            delete(ExpertRecord).where(
                ExpertRecord.tenant_id == self.tenant_id, ExpertRecord.agent_id == agent_id
            )
        )
        return bool(getattr(result, "rowcount", 0))
