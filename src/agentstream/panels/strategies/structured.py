"""Structured (Delphi) panels: blind positions, then revisions against an anonymous summary.

Anonymity and controlled feedback keep experts from anchoring on names.
"""

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType
from agentstream.panels.strategies.spec import (
    BLIND_ROUND,
    RoundPlan,
    Speakers,
    Step,
    StrategySpec,
    View,
)

STRUCTURED = StrategySpec(
    panel_type=PanelType.STRUCTURED,
    description=(
        "Delphi-style panel. Round 1: every expert states a position blind, all at once. "
        "Each later round: every expert sees only an anonymous panel summary of the previous "
        "round (how many experts support, oppose or stay neutral, the mean confidence, and each "
        "other expert's reason and position without names, in stance order) plus its own "
        "previous answer, and revises its position; "
        "all experts answer concurrently. Rounds stop on consensus, on stable positions or at "
        "max_rounds; the recommendation is composed from the final positions."
    ),
    first_round=BLIND_ROUND,
    later_rounds=RoundPlan(
        (
            Step(
                TurnKind.POSITION,
                Speakers.STILL_VOTING,
                "Read the anonymous panel summary of the previous round and revise your answer "
                "if its reasons convince you.",
                sees=(View.OWN_PREVIOUS, View.SUMMARY, View.OTHERS_ANONYMOUS),
            ),
        )
    ),
)
