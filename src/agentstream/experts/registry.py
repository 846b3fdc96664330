"""The agent registry: the built-in expert catalog plus each tenant's own experts."""

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.deliberation.turns import ExpertProfile
from agentstream.errors import BadRequest
from agentstream.experts.models import ExpertRecord
from agentstream.experts.repository import ExpertRepository


def profile_of(record: ExpertRecord) -> ExpertProfile:
    """A tenant expert as the profile panels work with."""
    knowledge = (record.knowledge,) if record.knowledge.strip() else ()
    return ExpertProfile(
        agent_id=record.agent_id,
        name=record.name,
        role=record.role,
        persona=record.persona,
        model=record.model,
        knowledge=knowledge,
    )


class UnknownExperts(BadRequest):
    """Some requested experts exist neither in the catalog nor for the tenant."""

    code = "unknown_agents"

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(
            f"Unknown agent_ids: {', '.join(missing)}", details={"agent_ids": list(missing)}
        )


class ExpertRegistry:
    """Resolves agent ids for a tenant: its own experts first, then the built-in catalog."""

    def __init__(self, builtin: Mapping[str, ExpertProfile]) -> None:
        self.builtin = dict(builtin)

    def is_builtin(self, agent_id: str) -> bool:
        """Whether the id names a catalog expert (tenants cannot redefine those)."""
        return agent_id in self.builtin

    async def resolve(
        self, session: AsyncSession, tenant_id: uuid.UUID, agent_ids: Sequence[str]
    ) -> list[ExpertProfile]:
        """Profiles in the order asked; `UnknownExperts` names every id that does not exist."""
        own = {
            record.agent_id: profile_of(record)
            for record in await ExpertRepository(session, tenant_id).get_many(agent_ids)
        }
        missing = [a for a in agent_ids if a not in own and a not in self.builtin]
        if missing:
            raise UnknownExperts(missing)
        return [own.get(a) or self.builtin[a] for a in agent_ids]

    async def list_for_tenant(
        self, session: AsyncSession, tenant_id: uuid.UUID
    ) -> list[tuple[ExpertProfile, str]]:
        """Every expert the tenant may seat, with its source ("builtin" or "tenant")."""
        own = [
            (profile_of(record), "tenant")
            for record in await ExpertRepository(session, tenant_id).list_all()
        ]
        return [(profile, "builtin") for profile in self.builtin.values()] + own
