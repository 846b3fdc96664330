"""Panel test helpers: a fixed clock, seated experts, scripted turns and a round runner."""

import itertools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from agentstream.deliberation.turns import Position, Stance, TurnKind, TurnRequest, TurnResult
from agentstream.panels.domain import Panel, PanelConfiguration, PanelMember, PanelType
from agentstream.panels.strategies import Strategy

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

EXPERTS = [
    PanelMember("fda_expert", "Dr. Ada Reyes", "FDA regulatory strategist"),
    PanelMember("clinical_expert", "Dr. Bo Chen", "Clinical trial designer"),
    PanelMember("market_expert", "Cy Novak", "Market access analyst"),
    PanelMember("safety_expert", "Di Okafor", "Device safety engineer"),
]
NAMES = [text for m in EXPERTS for text in (m.agent_id, m.name, m.role)]

Responder = Callable[[TurnRequest], TurnResult]


def make_panel(
    panel_type: PanelType = PanelType.STRUCTURED,
    members: int = 3,
    *,
    panel_id: str = "panel-1",
    **configuration: object,
) -> Panel:
    """A draft panel with the first `members` experts."""
    return Panel(
        id=panel_id,
        tenant_id="tenant-1",
        query="Should we file a 510(k) for the new glucose monitor?",
        panel_type=panel_type,
        members=list(EXPERTS[:members]),
        created_at=NOW,
        configuration=PanelConfiguration.from_dict(configuration),
    )


def started(
    panel_type: PanelType = PanelType.STRUCTURED, members: int = 3, **config: object
) -> Panel:
    """An in-progress panel."""
    panel = make_panel(panel_type, members, **config)
    panel.start(NOW)
    return panel


def turn(
    agent_id: str,
    round_number: int = 1,
    kind: TurnKind = TurnKind.POSITION,
    *,
    text: str | None = None,
    stance: Stance | None = Stance.SUPPORT,
    confidence: float = 0.8,
    summary: str = "",
    ranking: tuple[str, ...] = (),
) -> TurnResult:
    """A scripted turn result."""
    position = None if stance is None else Position(stance, confidence, summary)
    return TurnResult(
        agent_id=agent_id,
        kind=kind,
        round_number=round_number,
        text=text if text is not None else f"{agent_id} speaks in round {round_number}",
        position=position,
        ranking=ranking,
    )


def tag(request: TurnRequest) -> str:
    """A marker naming the turn, put in its text to trace who sees what."""
    return f"<{request.agent_id}|r{request.round_number}|w{request.wave}>"


def responder(positions: Mapping[str, Position] | None = None, *, tagged: bool = True) -> Responder:
    """Answers every request, positions per agent (default support 0.8).

    A tagged text names its turn (see `tag`); an untagged one only repeats the position's
    summary, for anonymity checks.
    """

    def respond(request: TurnRequest) -> TurnResult:
        position = None
        if request.kind in (TurnKind.POSITION, TurnKind.ANSWER, TurnKind.RANK, TurnKind.CHALLENGE):
            default = Position(Stance.SUPPORT, 0.8, f"reason #{len(request.agent_id)}")
            position = (positions or {}).get(request.agent_id, default)
        ranking = ()
        if request.kind is TurnKind.RANK:
            # Prefers later letters: a ranking that differs from the order shown.
            ranking = tuple(sorted((c.label for c in request.visible), reverse=True))
        text = f"{tag(request)} {request.kind.value} text"
        if not tagged:
            text = f"{request.kind.value}: {position.summary if position else 'no position'}"
        return TurnResult(
            agent_id=request.agent_id,
            kind=request.kind,
            round_number=request.round_number,
            text=text,
            position=position,
            ranking=ranking,
        )

    return respond


def run_round(
    strategy: Strategy, panel: Panel, round_number: int, respond: Responder
) -> list[list[TurnRequest]]:
    """Plan, answer and record every wave of a round, then close it; returns the waves."""
    waves: list[list[TurnRequest]] = []
    for wave in itertools.count():
        requests = strategy.plan_wave(panel, round_number, wave)
        if not requests:
            break
        waves.append(requests)
        for request in requests:
            panel.record(respond(request))
    panel.close_round(strategy.measure(panel, round_number))
    return waves
