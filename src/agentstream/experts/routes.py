"""HTTP routes of the agent registry: the catalog and a tenant's own experts."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.api.deps import SessionDep
from agentstream.deliberation.turns import ExpertProfile
from agentstream.errors import BadRequest, Conflict, NotFound
from agentstream.experts.knowledge import ExpertKnowledge, knowledge_of
from agentstream.experts.models import ExpertRecord
from agentstream.experts.registry import ExpertRegistry, profile_of
from agentstream.experts.repository import ExpertRepository
from agentstream.experts.schemas import (
    ExpertDocument,
    ExpertIn,
    ExpertList,
    ExpertOut,
    ExpertPassage,
    ExpertPassageList,
    ExpertPassageText,
    ExpertUpdate,
)
from agentstream.tenancy.auth import TenantDep
from agentstream.tenancy.models import Tenant

router = APIRouter(prefix="/api/v1/agents", tags=["agents"])


def _documents(knowledge: ExpertKnowledge) -> list[ExpertDocument]:
    documents: dict[str, ExpertDocument] = {}
    for chunk in knowledge.chunks:
        document = documents.setdefault(
            chunk.doc_id, ExpertDocument(id=chunk.doc_id, title=chunk.title, passages=[])
        )
        document.passages.append(ExpertPassage(id=chunk.chunk_id, section=chunk.section))
    return list(documents.values())


def _out(profile: ExpertProfile, source: str, query: str | None = None) -> ExpertOut:
    # The knowledge's text is the expert's own: ExpertOut names its documents and sections only.
    knowledge = knowledge_of(profile)
    covering = None if query is None else [c.chunk_id for c in knowledge.relevant(query)]
    fields = {**asdict(profile), "documents": _documents(knowledge), "covering": covering}
    return ExpertOut.model_validate({**fields, "source": source})


def _registry(request: Request) -> ExpertRegistry:
    registry: ExpertRegistry = request.app.state.experts
    return registry


@router.get("", response_model=ExpertList)
async def list_agents(
    tenant: TenantDep,
    session: SessionDep,
    request: Request,
    query: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=4000,
            description="A panel query: each expert then says which of its passages cover it "
            "(`covering`), to choose experts who can speak to it.",
        ),
    ] = None,
) -> ExpertList:
    """The built-in catalog and the tenant's own experts."""
    experts = await _registry(request).list_for_tenant(session, tenant.id)
    return ExpertList(agents=[_out(p, s, query) for p, s in experts], total=len(experts))


@router.post(
    "",
    status_code=201,
    response_model=ExpertOut,
    responses={409: {"description": "The agent_id is taken (a built-in or the tenant's)."}},
)
async def create_agent(
    body: ExpertIn, tenant: TenantDep, session: SessionDep, request: Request
) -> ExpertOut:
    """Define an expert for this tenant's panels."""
    repository = ExpertRepository(session, tenant.id)
    if _registry(request).is_builtin(body.agent_id) or await repository.get(body.agent_id):
        raise Conflict(f"agent_id '{body.agent_id}' already exists", details={"field": "agent_id"})
    record = await repository.add(ExpertRecord(tenant_id=tenant.id, **body.model_dump()))
    return _out(profile_of(record), "tenant")


async def _available(
    agent_id: str, tenant: Tenant, session: AsyncSession, request: Request
) -> tuple[ExpertProfile, str]:
    """The tenant's own expert or the built-in one of that id, and which it is (404 else)."""
    record = await ExpertRepository(session, tenant.id).get(agent_id)
    if record is not None:
        return profile_of(record), "tenant"
    builtin = _registry(request).builtin.get(agent_id)
    if builtin is None:
        raise NotFound("Agent not found")
    return builtin, "builtin"


@router.get("/{agent_id}", response_model=ExpertOut)
async def read_agent(
    agent_id: str, tenant: TenantDep, session: SessionDep, request: Request
) -> ExpertOut:
    """One expert available to the tenant."""
    return _out(*await _available(agent_id, tenant, session, request))


@router.get("/{agent_id}/passages", response_model=ExpertPassageList)
async def read_agent_passages(
    agent_id: str, tenant: TenantDep, session: SessionDep, request: Request
) -> ExpertPassageList:
    """The text of every passage of an expert's documents, by the ids panel turns cite them
    with ("fda_expert/1#4"), so that a citation can be checked."""
    profile, _ = await _available(agent_id, tenant, session, request)
    passages = [
        ExpertPassageText(id=c.chunk_id, section=c.section, document=c.title, text=c.text)
        for c in knowledge_of(profile).chunks
    ]
    return ExpertPassageList(agent_id=profile.agent_id, passages=passages)


@router.put("/{agent_id}", response_model=ExpertOut)
async def update_agent(
    agent_id: str, body: ExpertUpdate, tenant: TenantDep, session: SessionDep, request: Request
) -> ExpertOut:
    """Replace a tenant expert's definition (panels already run keep their snapshot)."""
    if _registry(request).is_builtin(agent_id):
        raise BadRequest("Built-in agents cannot be modified", details={"agent_id": agent_id})
    record = await ExpertRepository(session, tenant.id).get(agent_id)
    if record is None:
        raise NotFound("Agent not found")
    for field, value in body.model_dump().items():
        setattr(record, field, value)
    await session.flush()
    return _out(profile_of(record), "tenant")


@router.delete("/{agent_id}", status_code=204)
async def delete_agent(
    agent_id: str, tenant: TenantDep, session: SessionDep, request: Request
) -> Response:
    """Remove a tenant expert."""
    if _registry(request).is_builtin(agent_id):
        raise BadRequest("Built-in agents cannot be deleted", details={"agent_id": agent_id})
    if not await ExpertRepository(session, tenant.id).delete(agent_id):
        raise NotFound("Agent not found")
    return Response(status_code=204)
