"""Open panels: free debate where every expert reads everyone's previous answers, by name."""

from agentstream.deliberation.turns import TurnRequest
from agentstream.panels.domain import Panel, PanelType
from agentstream.panels.strategies.base import (
    OneWaveStrategy,
    named_positions,
    revisions,
    still_voting,
)


class OpenStrategy(OneWaveStrategy):
    """Free debate: positions are public and attributed, so experts answer each other."""

    panel_type = PanelType.OPEN
    description = (
        "Open debate. Round 1: every expert states a position blind, all at once. Each later "
        "round: every expert reads the other experts' previous-round answers and positions, "
        "with their names and roles, plus its own previous answer, and responds with a "
        "revised position; all experts answer concurrently. Rounds stop on consensus, on "
        "stable positions or at max_rounds; the recommendation is composed from the final "
        "positions."
    )

    def later_round(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        """Everyone reads the others' last answers and revises."""
        return revisions(
            panel,
            still_voting(panel, panel.member_ids, round_number - 1),
            round_number,
            "Read the other experts' answers from the previous round, answer them by name on "
            "the points you disagree with, and revise your answer if they convince you.",
            lambda agent_id: named_positions(panel, round_number - 1, panel.member_ids, agent_id),
        )
