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
            "stability_rounds, stability_tolerance, moderator_id, chair_id, devil_advocate_id, "
            "options (2..10 distinct answers the panel chooses between, e.g. "
            '["De Novo", "510(k)"]; without them the question is a proposition to support '
            "or oppose)."
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


DECISION_DOC = (
    "The stop rule's decision after the round: `continue` (another round runs), `consensus` "
    "(the level reached the threshold), `no_consensus` (positions stable below the threshold, "
    "or a strategy of fixed rounds ended below it), `max_rounds` (the round limit was reached "
    "below the threshold), `no_quorum` (fewer than a majority of the members voted)."
)
PANEL_ID_DOC = "The panel."
TIMESTAMP_DOC = "When the event happened, ISO 8601 UTC."
KIND_DOC = "The turn's kind: position, answer, question, challenge, rank or synthesis."


class PositionOut(BaseModel):
    """The structured position that ends an expert turn."""

    stance: Literal["support", "oppose", "neutral"] = Field(
        description="neutral is a vote: the expert weighed the question and takes no side."
    )
    option: str | None = Field(
        default=None, description="The option chosen, on a panel with options."
    )
    confidence: float = Field(ge=0, le=1, description="How sure the expert is, 0 to 1.")
    summary: str = Field(description="The expert's reason, in one sentence.")
    abstain: bool = Field(
        default=False, description="No vote (e.g. the question is outside its documents)."
    )
    reason: str | None = Field(default=None, description="Why the expert abstained.")


class QuorumOut(BaseModel):
    """A majority of the members must vote."""

    required: int = Field(description="Voters needed: more than half of the members.")
    voters: int = Field(description="Members who voted (did not abstain).")
    met: bool = Field(description="Whether the voters reach the required number.")


class DissentOut(BaseModel):
    """A voter whose choice is not the majority's."""

    agent_id: str = Field(description="The dissenting expert.")
    name: str = Field(description="The expert's name, for readers.")
    choice: str = Field(description="The option or stance it voted for.")
    confidence: float = Field(description="Its confidence in that choice, 0 to 1.")
    summary: str = Field(description="Its reason, in one sentence.")


class AbstentionOut(BaseModel):
    """A member who did not vote."""

    agent_id: str = Field(description="The expert who did not vote.")
    name: str = Field(description="The expert's name, for readers.")
    reason: str = Field(description="Why it did not vote (e.g. outside its documents).")


class BaselineOut(BaseModel):
    """The first round's independent vote, before anyone read anyone."""

    majority: str | None = Field(
        description="Round 1's majority choice (option or stance); null on a split or "
        "without the quorum."
    )
    votes: dict[str, int] = Field(description="Round 1's voters per option, or per stance.")
    level: float = Field(description="Round 1's confidence-weighted agreement, 0 to 1.")
    voters: int = Field(description="Members who voted in round 1.")
    has_quorum: bool = Field(description="Whether a majority of the members voted in round 1.")


class ConsensusBrief(BaseModel):
    """A panel's consensus in the listing: its decision and vote, without the reasons,
    dissent, abstentions and measures that the panel's own page gives (`ConsensusOut`)."""

    level: float = Field(description="As in ConsensusOut.")
    majority: str | None = Field(description="As in ConsensusOut.")
    decision: Literal["continue", "consensus", "no_consensus", "max_rounds", "no_quorum"] = Field(
        description=DECISION_DOC
    )
    votes: dict[str, int] = Field(description="Voters per option, or per stance.")
    participants: int = Field(description="Voters.")
    members: int = Field(description="Members who may vote.")
    quorum: QuorumOut


class ConsensusOut(ConsensusBrief):
    """The consensus measured after a round, computed in code over the voters."""

    level: float = Field(
        description="Confidence-weighted agreement: the share of the voters' total confidence "
        "on the majority choice. 0 when fewer members voted than the quorum (decision "
        "no_quorum): too few voters reach no consensus, whatever they agree on."
    )
    majority: str | None = Field(
        description="The majority choice: an option, or a stance without options; null "
        "without the quorum (no_quorum)."
    )
    majority_stance: Literal["support", "oppose", "neutral"] | None = Field(
        description="The stance holding the voters' largest total confidence (also with "
        "options, and among the voters there are without the quorum); null when nobody voted."
    )
    weighted_agreement: float = Field(description="The same as level.")
    agreement: float = Field(
        description="Share of voters on the majority choice (0 without the quorum)."
    )
    kappa: float = Field(
        description="Free-marginal kappa over the choice categories (0 without the quorum)."
    )
    stability: float | None = Field(
        description="1 - mean change of the voters' positions since the previous round."
    )
    votes: dict[str, int] = Field(description="Voters per option, or per stance.")
    options: list[str] = Field(description="The panel's options (empty: a proposition).")
    distribution: dict[str, int] = Field(description="Voters per stance.")
    mean_confidence: float = Field(description="The voters' mean confidence, 0 to 1.")
    confidence: float = Field(description="The seed's name for mean_confidence.")
    participants: int = Field(description="Voters.")
    members: int = Field(description="Members who may vote.")
    quorum: QuorumOut = Field(description="How many voters were needed, and whether they came.")
    abstentions: list[AbstentionOut] = Field(description="The members who did not vote, and why.")
    dissent: list[DissentOut] = Field(
        description="Every voter whose choice is not the majority's (on a split, every voter), "
        "with its summary; empty without the quorum."
    )
    baseline: BaselineOut | None = Field(
        description="Round 1's independent vote, before anyone read anyone (from round 1 on): "
        "majority voting explains most of what debate gains, so both are shown."
    )


class PanelMemberOut(BaseModel):
    """An expert seated on the panel."""

    agent_id: str = Field(description="The expert's id in the registry.")
    name: str = Field(description="The expert's name.")
    role: str = Field(description="The expert's role, e.g. 'Regulatory Affairs Lead'.")


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
    citations: list[str] = Field(description="Source ids of the passages the turn speaks from.")
    incomplete: bool = Field(
        description="Cut short by a cancel (the text streamed so far) or by a worker that "
        "stopped (the text as last saved while it streamed)."
    )


class RankedResponseOut(BaseModel):
    """One council answer in the peer ranking (Borda count), best first."""

    label: str = Field(description='The anonymous label its reviewers saw ("Response B").')
    agent_id: str = Field(description="Who wrote it.")
    name: str = Field(description="The author's name.")
    points: int = Field(description="Its Borda points over the reviewers' rankings.")
    choice: str | None = Field(
        description="What its author chose in round 1: an option or a stance; null: it abstained."
    )


PEER_RANKING_DOC = (
    "A council's aggregate peer ranking, best first, once its ranking round ran; null for "
    "other strategies."
)


class PanelRoundOut(BaseModel):
    """A round's messages and, once closed, its consensus."""

    number: int
    messages: list[PanelMessageOut]
    consensus: ConsensusOut | None


class PanelSummary(BaseModel):
    """A panel without its transcript (the listing's shape), its consensus in brief."""

    panel_id: str
    status: str
    query: str
    panel_type: str
    configuration: dict[str, Any]
    members: list[PanelMemberOut]
    consensus: ConsensusBrief | None = Field(
        description="The latest round's consensus while the panel runs, the final one once it "
        "completes; null for a draft, and for a cancelled or failed panel, which decided "
        "nothing (its closed rounds keep their consensus). In brief in the listing."
    )
    recommendation: str | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    estimated_duration: float = Field(
        description="Seconds, worst case: the strategy's sequential turns times the measured "
        "duration of a turn with this service's model."
    )
    duration: float | None = Field(description="Seconds it ran, once finished.")


class PanelResponse(PanelSummary):
    """The whole panel: its summary, the transcript and the tokens it used."""

    consensus: ConsensusOut | None = Field(
        description="The latest round's consensus while the panel runs, the final one once it "
        "completes; null for a draft, and for a cancelled or failed panel, which decided "
        "nothing (its closed rounds keep their consensus)."
    )
    rounds: list[PanelRoundOut]
    peer_ranking: list[RankedResponseOut] | None = Field(default=None, description=PEER_RANKING_DOC)
    usage: dict[str, int] | None = Field(
        default=None,
        description="Model tokens used by the run (input, output, total); in panel details.",
    )


class PanelListResponse(BaseModel):
    """A page of panels (without their rounds and messages), newest first."""

    panels: list[PanelSummary]
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


class PanelRoleOut(BaseModel):
    """The member holding the strategy's role."""

    title: str = Field(description="Moderator, Devil's advocate or Chair.")
    agent_id: str = Field(description="The member holding the role.")
    name: str = Field(description="Its name.")


class FramingOut(BaseModel):
    """What the panel votes on, settled before round 1."""

    options: list[str] = Field(description="The answers it chooses between (empty: none).")
    proposition: str | None = Field(
        description="Without options, what a stance supports or opposes; null with options."
    )
    source: Literal["configuration", "model", "question"] = Field(
        description="`configuration`: the request's; `model`: the panel's model framed the "
        "question; `question`: read from the question without a model (the options it names, "
        "else a proposition)."
    )


class PanelStartedEvent(BaseModel):
    """`panel_started`: the execution began."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    query: str = Field(description="The panel question.")
    panel_type: str = Field(description="The strategy: structured, open, socratic, ...")
    members: list[PanelMemberOut] = Field(description="The experts seated, in panel order.")
    role: PanelRoleOut | None = Field(
        description="Who moderates, argues the other side or chairs; null for strategies "
        "without a role (structured, open)."
    )
    max_rounds: int = Field(description="The most rounds this strategy runs for this panel.")
    framing: FramingOut = Field(description="What the panel votes on: options or a proposition.")
    timestamp: str = Field(description=TIMESTAMP_DOC)


class ExpertTokenEvent(BaseModel):
    """`expert_token`: a piece of the text of the expert speaking (live only, not replayed)."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    agent_id: str = Field(description="The expert speaking.")
    round: int = Field(description="The round, from 1.")
    kind: str = Field(description=KIND_DOC)
    delta: str = Field(description="The next piece of the turn's text.")


class ExpertSpeakingEvent(BaseModel):
    """`expert_speaking`: an expert's whole contribution, stored."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    agent_id: str = Field(description="The expert who spoke.")
    agent_name: str = Field(description="Its name.")
    role: str = Field(description="Its role.")
    kind: str = Field(description=KIND_DOC)
    round: int = Field(description="The round, from 1.")
    sequence: int = Field(description="The turn's place in the panel's transcript, from 1.")
    content: str = Field(description="The turn's text (without machine-readable lines).")
    position: PositionOut | None = Field(
        description="The position the turn states (position, answer and challenge turns); "
        "null for questions, rankings and syntheses."
    )
    ranking: list[str] = Field(
        description="A rank turn's response labels, best first; empty for other turns."
    )
    citations: list[str] = Field(description="Source ids of the passages the turn speaks from.")
    incomplete: bool = Field(
        description="Cut short by a cancel (the text streamed so far) or by a worker that "
        "stopped (the text as last saved while it streamed)."
    )
    timestamp: str = Field(description=TIMESTAMP_DOC)


class RoundCompleteEvent(BaseModel):
    """`round_complete`: every turn of the round is in."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    round: int = Field(description="The round, from 1.")
    messages: int = Field(description="How many turns the round holds.")
    timestamp: str = Field(description=TIMESTAMP_DOC)


class ConsensusUpdateEvent(ConsensusOut):
    """`consensus_update`: the consensus measured after a round (every value)."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    round: int = Field(description="The round measured, from 1.")


class PanelCompleteEvent(BaseModel):
    """`panel_complete`: the recommendation, the consensus and the duration."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    status: str = Field(description="completed.")
    recommendation: str = Field(
        description="The option or side chosen (or that there was none), and the dissent."
    )
    consensus: float | None = Field(
        description="The final consensus level (0 when the decision is no_quorum)."
    )
    decision: Literal["continue", "consensus", "no_consensus", "max_rounds", "no_quorum"] | None = (
        Field(description=DECISION_DOC)
    )
    consensus_detail: ConsensusOut | None = Field(
        description="Every value of the last round's consensus."
    )
    baseline: BaselineOut | None = Field(
        description="Round 1's independent vote, beside the final consensus."
    )
    rounds: int = Field(description="How many rounds ran.")
    peer_ranking: list[RankedResponseOut] | None = Field(description=PEER_RANKING_DOC)
    duration: float | None = Field(description="Seconds the panel ran.")
    timestamp: str = Field(description=TIMESTAMP_DOC)


class PanelCancelledEvent(BaseModel):
    """`panel_cancelled`: the panel was cancelled; the transcript so far is kept."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    reason: str = Field(description="Why it was cancelled.")
    timestamp: str = Field(description=TIMESTAMP_DOC)


class PanelErrorEvent(BaseModel):
    """`error`: the panel failed; the transcript so far is kept."""

    panel_id: str = Field(description=PANEL_ID_DOC)
    message: str = Field(description="What failed, without secrets.")
    timestamp: str = Field(description=TIMESTAMP_DOC)


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
