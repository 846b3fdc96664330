"""HTTP routes about a tenant's runs: model usage."""

from fastapi import APIRouter
from pydantic import BaseModel

from agentstream.api.deps import SessionDep
from agentstream.runs.repository import RunRepository
from agentstream.tenancy.auth import TenantDep

router = APIRouter(prefix="/api", tags=["usage"])


class KindUsage(BaseModel):
    """Runs of one kind and the model tokens they used."""

    runs: int
    input_tokens: int
    output_tokens: int
    total_tokens: int


class UsageResponse(KindUsage):
    """A tenant's model usage, in total and by kind of run (chat, panel)."""

    by_kind: dict[str, KindUsage]


@router.get("/usage", response_model=UsageResponse)
async def usage(tenant: TenantDep, session: SessionDep) -> UsageResponse:
    """Prompt and completion tokens the tenant's runs consumed."""
    by_kind = {
        kind: KindUsage(runs=n, input_tokens=i, output_tokens=o, total_tokens=i + o)
        for kind, (n, i, o) in (await RunRepository(session).usage_of_tenant(tenant.id)).items()
    }
    runs = sum(k.runs for k in by_kind.values())
    inputs = sum(k.input_tokens for k in by_kind.values())
    outputs = sum(k.output_tokens for k in by_kind.values())
    return UsageResponse(
        runs=runs,
        input_tokens=inputs,
        output_tokens=outputs,
        total_tokens=inputs + outputs,
        by_kind=by_kind,
    )
