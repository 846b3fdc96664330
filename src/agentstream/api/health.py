"""Liveness, readiness and metrics."""

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from agentstream import __version__
from agentstream.logs import get_logger
from agentstream.runs.broker import BrokerUnavailable

router = APIRouter(tags=["platform"])
log = get_logger(__name__)


@router.get("/health")
async def health(request: Request) -> dict[str, str]:
    """The process is up."""
    return {
        "status": "healthy",
        "service": request.app.state.settings.service_name,
        "version": __version__,
    }


@router.get("/health/ready", responses={503: {"description": "A dependency is down."}})
async def ready(request: Request) -> JSONResponse:
    """The database answers (and the broker, when it is remote); 503 otherwise."""
    checks: dict[str, Any] = {}
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
    healthy = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if healthy else "unavailable", "checks": checks},
        status_code=200 if healthy else 503,
    )


@router.get(
    "/metrics",
    include_in_schema=True,
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
async def metrics() -> Response:
    """Prometheus metrics in the text exposition format."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
