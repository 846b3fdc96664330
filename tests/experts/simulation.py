"""A minimal open-style panel driven by the offline engine, for the movement tests."""

from collections.abc import Callable

from agentstream.deliberation.turns import (
    Contribution,
    ExpertProfile,
    Position,
    TurnKind,
    TurnRequest,
)
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import parse_position

Rounds = list[dict[str, str]]
Simulate = Callable[..., Rounds]


def simulate(
    experts: dict[str, ExpertProfile],
    agent_ids: list[str],
    query: str,
    rounds: int = 3,
    include_own: bool = False,
) -> Rounds:
    """Each round every expert sees the previous round's turns of the others (and its own too
    when `include_own`), labelled with the experts' names."""
    transcript: Rounds = []
    for round_number in range(1, rounds + 1):
        previous = transcript[-1] if transcript else {}
        current: dict[str, str] = {}
        for agent_id in agent_ids:
            visible = tuple(
                Contribution(experts[other].name, text, parse_position(text))
                for other, text in previous.items()
                if other != agent_id or include_own
            )
            request = TurnRequest(agent_id, TurnKind.POSITION, round_number, "", visible)
            current[agent_id] = compose_turn(experts[agent_id], query, request).text
        transcript.append(current)
    return transcript


def positions(turns: dict[str, str]) -> dict[str, Position]:
    """The declared position of every turn of a round (fails if one is missing)."""
    found = {agent_id: parse_position(text) for agent_id, text in turns.items()}
    assert all(position is not None for position in found.values()), found
    return {agent_id: position for agent_id, position in found.items() if position is not None}
