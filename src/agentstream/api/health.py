"""Liveness, readiness and metrics."""

from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import text

from agentstream import __version__
from agentstream.logs import get_logger
from agentstream.runs.broker import BrokerUnavailable

router = APIRouter(tags=["platform"])
log = get_logger(__name__)

CheckResult = Literal["ok", "unavailable"]


class Health(BaseModel):
    """The process answers: which service, at which version."""

    status: Literal["healthy"]
    service: str = Field(examples=["agentstream"])
    version: str = Field(examples=[__version__])


class Readiness(BaseModel):
    """Whether the service's dependencies answer, and each one's result."""

    status: Literal["ready", "unavailable"]
    checks: dict[str, CheckResult] = Field(
        description="`database`, `broker` (Redis, or the in-process broker), and `worker` "
        "(`unavailable` once this worker has begun a graceful stop: it finishes its runs and "
        "starts no new one): each `ok` or `unavailable`.",
        examples=[{"database": "ok", "broker": "ok", "worker": "ok"}],
    )


@router.get("/health", response_model=Health)
async def health(request: Request) -> Health:
    """The process is up."""
    return Health(
        status="healthy", service=request.app.state.settings.service_name, version=__version__
    )


@router.get(
    "/health/ready",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A dependency is down."}},
)
async def ready(request: Request) -> JSONResponse:
    """The database and the broker answer and this worker is not stopping; 503 otherwise."""
    checks: dict[str, CheckResult] = {}
    try:
        async with request.app.state.sessions() as session:
            await session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # any failure means "not ready"; details go to the log only
        log.warning("readiness_database_failed", error=type(error).__name__)
        checks["database"] = "unavailable"
    try:
        await request.app.state.broker.ping()
        checks["broker"] = "ok"
    except BrokerUnavailable as error:
        log.warning("readiness_broker_failed", error=str(error))
        checks["broker"] = "unavailable"
    checks["worker"] = "unavailable" if request.app.state.manager.draining else "ok"
    healthy = all(value == "ok" for value in checks.values())
    readiness = Readiness(status="ready" if healthy else "unavailable", checks=checks)
    return JSONResponse(readiness.model_dump(), status_code=200 if healthy else 503)


@router.get(
    "/metrics",
    include_in_schema=True,
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
async def metrics() -> Response:
    """Prometheus metrics in the text exposition format."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
