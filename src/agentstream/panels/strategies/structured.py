"""Structured (Delphi) panels: blind positions, then revisions against an anonymous summary.

Anonymity and controlled feedback keep experts from anchoring on names.
"""

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType
from agentstream.panels.strategies import spec

STRUCTURED = spec.StrategySpec(
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
    first_round=spec.BLIND_ROUND,
    later_rounds=spec.RoundPlan(
        (
            spec.Step(
                TurnKind.POSITION,
                spec.Speakers.STILL_VOTING,
                "Read the anonymous panel summary of the previous round and revise your answer "
                "if its reasons convince you.",
                sees=(spec.View.OWN_PREVIOUS, spec.View.SUMMARY, spec.View.OTHERS_ANONYMOUS),
            ),
        )
    ),
)
