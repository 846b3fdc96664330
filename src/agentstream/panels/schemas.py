"""Request, response and SSE event shapes of the panels API (seed 004)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from agentstream.api.fields import NonBlankStr
from agentstream.panels.domain import MAX_MEMBERS


class CreatePanelRequest(BaseModel):
    """Convene a panel of experts on a query."""

    query: NonBlankStr = Field(..., min_length=1, max_length=4000)
    panel_type: str = Field(
        default="structured",
        description="structured | open | socratic | adversarial | council",
    )
    agent_ids: list[str] = Field(..., min_length=1, max_length=MAX_MEMBERS)
    configuration: dict[str, Any] | None = Field(
        default=None,
        description=(
            "max_rounds (1..10, default 3), consensus_threshold (0.5..1, default 0.75), "
            "stability_rounds, stability_tolerance, moderator_id, chair_id, devil_advocate_id."
        ),
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "query": "FDA 510(k) strategy?",
                    "panel_type": "structured",
                    "agent_ids": ["fda_expert", "clinical_expert"],
                }
            ]
        }
    }


class PositionOut(BaseModel):
    """The structured position that ends an expert turn."""

    stance: Literal["support", "oppose", "neutral"]
    confidence: float
    summary: str


class PanelMemberOut(BaseModel):
    """An expert seated on the panel."""

    agent_id: str
    name: str
    role: str


class PanelMessageOut(BaseModel):
    """One expert turn."""

    sequence: int
    round: int
    agent_id: str
    agent_name: str | None
    kind: str
    content: str
    position: PositionOut | None
    ranking: list[str]


class PanelRoundOut(BaseModel):
    """A round's messages and, once closed, its consensus."""

    number: int
    messages: list[PanelMessageOut]
    consensus: dict[str, Any] | None


class PanelResponse(BaseModel):
    """The whole panel."""

    panel_id: str
    status: str
    query: str
    panel_type: str
    configuration: dict[str, Any]
    members: list[PanelMemberOut]
    rounds: list[PanelRoundOut]
    consensus: dict[str, Any] | None
    recommendation: str | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    estimated_duration: float = Field(description="Seconds, worst case, before it runs.")
    duration: float | None = Field(description="Seconds it ran, once finished.")
    usage: dict[str, int] | None = Field(
        default=None,
        description="Model tokens used by the run (input, output, total); in panel details.",
    )


class PanelListResponse(BaseModel):
    """A page of panels (without their messages), newest first."""

    panels: list[PanelResponse]
    total: int
    limit: int
    offset: int


class ExecutePanelResponse(BaseModel):
    """Execution accepted: the panel runs in the background."""

    panel_id: str
    status: Literal["executing"] = "executing"
    message: str = "Panel execution started"
    run_id: str


# --- SSE events (`event: <name>` / `data: <json>`) ------------------------------------------


class PanelStartedEvent(BaseModel):
    """`panel_started`: the execution began."""

    panel_id: str
    query: str
    panel_type: str
    members: list[PanelMemberOut]
    max_rounds: int
    timestamp: str


class ExpertTokenEvent(BaseModel):
    """`expert_token`: a piece of the text of the expert speaking (live only, not replayed)."""

    panel_id: str
    agent_id: str
    round: int
    kind: str
    delta: str


class ExpertSpeakingEvent(BaseModel):
    """`expert_speaking`: an expert's whole contribution, stored."""

    panel_id: str
    agent_id: str
    agent_name: str
    role: str
    kind: str
    round: int
    sequence: int
    content: str
    position: PositionOut | None
    ranking: list[str]
    timestamp: str


class RoundCompleteEvent(BaseModel):
    """`round_complete`: every turn of the round is in."""

    panel_id: str
    round: int
    messages: int
    timestamp: str


class ConsensusUpdateEvent(BaseModel):
    """`consensus_update`: the consensus measured after a round (every value)."""

    model_config = {"extra": "allow"}

    panel_id: str
    round: int
    level: float
    confidence: float
    decision: str


class PanelCompleteEvent(BaseModel):
    """`panel_complete`: the recommendation, the consensus and the duration."""

    panel_id: str
    status: str
    recommendation: str
    consensus: float | None
    decision: str | None
    consensus_detail: dict[str, Any] | None
    rounds: int
    duration: float | None
    timestamp: str


class PanelCancelledEvent(BaseModel):
    """`panel_cancelled`: the panel was cancelled; the transcript so far is kept."""

    panel_id: str
    reason: str
    timestamp: str


class PanelErrorEvent(BaseModel):
    """`error`: the panel failed; the transcript so far is kept."""

    panel_id: str
    message: str
    timestamp: str


PANEL_EVENTS: dict[str, type[BaseModel]] = {
    "panel_started": PanelStartedEvent,
    "expert_token": ExpertTokenEvent,
    "expert_speaking": ExpertSpeakingEvent,
    "round_complete": RoundCompleteEvent,
    "consensus_update": ConsensusUpdateEvent,
    "panel_complete": PanelCompleteEvent,
    "panel_cancelled": PanelCancelledEvent,
    "error": PanelErrorEvent,
}
