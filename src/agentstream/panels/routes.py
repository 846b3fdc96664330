"""HTTP routes of panels (seed 004): REST for the panel, SSE for its discussion."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sse_starlette import EventSourceResponse

from agentstream.api.deps import SessionDep
from agentstream.api.pagination import MAX_OFFSET
from agentstream.api.sse import LastEventIdDep, event_stream_doc, run_event_response
from agentstream.panels.domain import Panel
from agentstream.panels.schemas import (
    PANEL_EVENTS,
    CreatePanelRequest,
    ExecutePanelResponse,
    PanelListResponse,
    PanelResponse,
    PanelSummary,
)
from agentstream.panels.service import PanelService
from agentstream.panels.strategies import registry as strategies
from agentstream.panels.strategies import strategy_for
from agentstream.panels.strategies.ranking import peer_ranking_data
from agentstream.tenancy.auth import StreamTenantDep, TenantDep

router = APIRouter(prefix="/api/v1/panels", tags=["panels"])

STRATEGY_DOC = "\n".join(
    f"* `{panel_type.value}` (at least {strategy.min_experts} "
    f"{'expert' if strategy.min_experts == 1 else 'experts'}): {strategy.description}"
    for panel_type, strategy in strategies.items()
)
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: event_stream_doc(
        "A `text/event-stream` of the panel's run. Every event has `id: <seq>`, "
        "`event: <name>` and `data: <json>`; names: "
        + ", ".join(f"`{name}` ({model.__name__})" for name, model in PANEL_EVENTS.items())
        + ". Reconnect with `Last-Event-ID` to receive exactly the stored events after it; "
        "`expert_token` deltas are live only. Idle streams receive `: ping` comments.",
        {name: [model] for name, model in PANEL_EVENTS.items()},
        example="id: 1\nevent: panel_started\ndata: {}\n\n",
    ),
    404: {"description": "No such panel for this tenant."},
    409: {"description": "The panel was cancelled before it ran: there is nothing to stream."},
}


def _service(request: Request) -> PanelService:
    service: PanelService = request.app.state.panels
    return service


def _summary_fields(panel: Panel, seconds_per_turn: float) -> dict[str, Any]:
    return {
        "panel_id": panel.id,
        "status": panel.status.value,
        "query": panel.query,
        "panel_type": panel.panel_type.value,
        "configuration": panel.configuration.to_dict(),
        "members": [asdict(m) for m in panel.members],
        "consensus": panel.consensus.to_dict() if panel.consensus else None,
        "recommendation": panel.recommendation,
        "error": panel.error,
        "created_at": panel.created_at,
        "started_at": panel.started_at,
        "completed_at": panel.completed_at,
        "estimated_duration": strategy_for(panel.panel_type).estimated_duration(
            panel, seconds_per_turn
        ),
        "duration": panel.duration_seconds,
    }


def panel_summary(panel: Panel, seconds_per_turn: float) -> PanelSummary:
    """The listing's shape of a panel: no rounds, no messages."""
    return PanelSummary.model_validate(_summary_fields(panel, seconds_per_turn))


def panel_response(
    panel: Panel, seconds_per_turn: float, usage: dict[str, int] | None = None
) -> PanelResponse:
    """The API shape of a whole panel."""
    names = {m.agent_id: m.name for m in panel.members}
    return PanelResponse.model_validate(
        {
            **_summary_fields(panel, seconds_per_turn),
            "rounds": [
                {
                    "number": r.number,
                    "consensus": r.consensus.to_dict() if r.consensus else None,
                    "messages": [
                        {
                            "sequence": m.sequence,
                            "round": m.round_number,
                            "agent_id": m.agent_id,
                            "agent_name": names.get(m.agent_id),
                            "kind": m.kind.value,
                            "content": m.text,
                            "position": m.position.to_dict() if m.position else None,
                            "ranking": list(m.ranking),
                            "citations": list(m.citations),
                            "incomplete": m.incomplete,
                        }
                        for m in r.messages
                    ],
                }
                for r in panel.rounds
            ],
            "peer_ranking": peer_ranking_data(panel),
            "usage": usage,
        }
    )


@router.post("", status_code=201, response_model=PanelResponse, description=STRATEGY_DOC)
async def create_panel(
    body: CreatePanelRequest, tenant: TenantDep, session: SessionDep, request: Request
) -> PanelResponse:
    """Create a panel discussion (draft) of experts from the agent registry."""
    service = _service(request)
    return panel_response(await service.create(session, tenant, body), service.seconds_per_turn)


@router.get("", response_model=PanelListResponse)
async def list_panels(
    tenant: TenantDep,
    session: SessionDep,
    request: Request,
    limit: int = 50,
    # The seed's own rules (400) stay with the service; only the databases' bound is added here.
    offset: Annotated[int, Query(le=MAX_OFFSET)] = 0,
    status: str | None = None,
    panel_type: str | None = None,
) -> PanelListResponse:
    """The tenant's panels, newest first (`limit` ≤ 100), filtered by status and type."""
    service = _service(request)
    panels, total = await service.list_for_tenant(
        session, tenant, limit, offset, status, panel_type
    )
    return PanelListResponse(
        panels=[panel_summary(p, service.seconds_per_turn) for p in panels],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/{panel_id}", response_model=PanelResponse)
async def get_panel(
    panel_id: str, tenant: TenantDep, session: SessionDep, request: Request
) -> PanelResponse:
    """The whole panel: configuration, members, rounds with messages, consensus, result,
    and the model tokens its run used."""
    service = _service(request)
    panel = await service.get(session, tenant, panel_id)
    usage = await service.usage(session, tenant, panel)
    return panel_response(panel, service.seconds_per_turn, usage)


@router.post("/{panel_id}/execute", status_code=202, response_model=ExecutePanelResponse)
async def execute_panel(
    panel_id: str, tenant: TenantDep, session: SessionDep, request: Request
) -> ExecutePanelResponse:
    """Run the panel in the background; watch it on `/stream` or poll `GET /{panel_id}`."""
    run_id = await _service(request).execute(session, tenant, panel_id)
    return ExecutePanelResponse(panel_id=panel_id, run_id=str(run_id))


@router.delete("/{panel_id}", status_code=204)
async def cancel_panel(
    panel_id: str, tenant: TenantDep, session: SessionDep, request: Request
) -> Response:
    """Cancel a draft or running panel (model calls stop; the transcript is kept)."""
    await _service(request).cancel(session, tenant, panel_id)
    return Response(status_code=204)


@router.get(
    "/{panel_id}/stream",
    operation_id="watch_panel",
    response_class=EventSourceResponse,
    responses=STREAM_DOC,
)
@router.post(
    "/{panel_id}/stream",
    operation_id="stream_panel",
    response_class=EventSourceResponse,
    responses=STREAM_DOC,
)
async def stream_panel(
    panel_id: str,
    tenant: StreamTenantDep,
    session: SessionDep,
    request: Request,
    last_event_id: LastEventIdDep,
) -> EventSourceResponse:
    """Watch the discussion live (a draft panel starts). GET works with a browser EventSource."""
    batches = await _service(request).stream(session, tenant, panel_id, last_event_id)
    return run_event_response(batches, request.app.state.settings)
