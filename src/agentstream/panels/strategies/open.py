"""Open panels: free debate where every expert reads everyone's previous answers, by name.

Positions are public and attributed, so experts answer each other.
"""

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType
from agentstream.panels.strategies import spec

OPEN = spec.StrategySpec(
    panel_type=PanelType.OPEN,
    description=(
        "Open debate. Round 1: every expert states a position blind, all at once. Each later "
        "round: every expert reads the other experts' previous-round answers and positions, "
        "with their names and roles, plus its own previous answer, and responds with a "
        "revised position; all experts answer concurrently. Rounds stop on consensus, on "
        "stable positions or at max_rounds; the recommendation is composed from the final "
        "positions."
    ),
    first_round=spec.BLIND_ROUND,
    later_rounds=spec.RoundPlan(
        (
            spec.Step(
                TurnKind.POSITION,
                spec.Speakers.STILL_VOTING,
                "Read the other experts' answers from the previous round, answer them by name "
                "on the points you disagree with, and revise your answer if they convince you.",
                sees=(spec.View.OWN_PREVIOUS, spec.View.OTHERS_BY_NAME),
            ),
        )
    ),
)
