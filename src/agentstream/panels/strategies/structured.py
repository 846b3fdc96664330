"""Structured (Delphi) panels: blind positions, then revisions against an anonymous summary."""

from agentstream.deliberation.turns import Contribution, TurnRequest
from agentstream.panels import consensus
from agentstream.panels.domain import Panel, PanelType
from agentstream.panels.strategies.base import (
    OneWaveStrategy,
    latest_stated,
    reason,
    reason_lines,
    revisions,
    still_voting,
)

SUMMARY_LABEL = "Panel summary"


class StructuredStrategy(OneWaveStrategy):
    """Delphi method: anonymity and controlled feedback keep experts from anchoring on names."""

    panel_type = PanelType.STRUCTURED
    description = (
        "Delphi-style panel. Round 1: every expert states a position blind, all at once. "
        "Each later round: every expert sees only an anonymous panel summary of the previous "
        "round (how many experts support, oppose or stay neutral, the mean confidence, and each "
        "other expert's reason and position without names, in stance order) plus its own "
        "previous answer, and revises its position; "
        "all experts answer concurrently. Rounds stop on consensus, on stable positions or at "
        "max_rounds; the recommendation is composed from the final positions."
    )

    def later_round(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        """Revisions against the anonymous summary of the previous round."""
        summary = panel_summary(panel, panel.member_ids, round_number - 1)
        return revisions(
            panel,
            still_voting(panel, panel.member_ids, round_number - 1),
            round_number,
            "Read the anonymous panel summary of the previous round and revise your answer "
            "if its reasons convince you.",
            lambda agent_id: (summary, *anonymous_positions(panel, agent_id, round_number - 1)),
        )


def anonymous_positions(panel: Panel, viewer: str, round_number: int) -> list[Contribution]:
    """The other experts' reasons and positions of a round, unnamed and in stance order.

    Delphi feedback: each position counts (so experts can weigh the panel), but neither names
    nor seating order reveal who holds which.
    """
    stated = [
        message
        for agent_id in panel.member_ids
        if agent_id != viewer
        and (message := latest_stated(panel, agent_id, round_number)) is not None
        and message.position is not None
    ]
    stated.sort(key=lambda m: (m.position.stance.value, -m.position.confidence, m.text))  # type: ignore[union-attr]
    return [
        Contribution(f"Anonymous expert {index}", reason(m.text, m.position), m.position)
        for index, m in enumerate(stated, start=1)
    ]


def panel_summary(panel: Panel, agent_ids: list[str], round_number: int) -> Contribution:
    """The anonymous aggregate of a round: distribution, mean confidence, reasons (no names)."""
    stated = [
        message
        for agent_id in agent_ids
        if (message := latest_stated(panel, agent_id, round_number)) is not None
    ]
    positions = [message.position for message in stated if message.position is not None]
    if not positions:
        return Contribution(SUMMARY_LABEL, f"No positions were recorded in round {round_number}.")
    result = consensus.measure(positions, options=panel.configuration.options)
    counts = ", ".join(f"{choice} {n}" for choice, n in result.votes.items())
    voting = [m for m in stated if m.position is not None and not m.position.abstain]
    text = "\n".join(
        [
            f"Round {round_number}: {result.participants} of {len(stated)} experts voted "
            "(anonymous).",
            f"Votes: {counts}. Mean confidence: {result.mean_confidence:.2f}.",
            "Reasons given:",
            *reason_lines(voting, result.majority_stance),
        ]
    )
    return Contribution(SUMMARY_LABEL, text)
