"""HTTP routes about the caller: its tenant."""

import uuid

from fastapi import APIRouter
from pydantic import BaseModel

from agentstream.tenancy.auth import TenantDep

router = APIRouter(prefix="/api", tags=["tenant"])


class TenantOut(BaseModel):
    """The caller's tenant."""

    id: uuid.UUID
    name: str


@router.get("/tenant", response_model=TenantOut)
async def read_tenant(tenant: TenantDep) -> TenantOut:
    """The tenant the credentials act for (in development mode without a key, the demo)."""
    return TenantOut(id=tenant.id, name=tenant.name)
