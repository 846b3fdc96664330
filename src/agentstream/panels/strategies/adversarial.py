"""Adversarial panels: an open debate with a devil's advocate attacking the majority.

The devil's advocate argues a role, not a belief, so it does not vote.
"""

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType
from agentstream.panels.strategies import spec

CHALLENGE = spec.Step(
    TurnKind.CHALLENGE,
    spec.Speakers.ROLE,
    "You are the devil's advocate. {majority} Point out weak evidence, risks and overlooked "
    "alternatives. Your stated position must be the side you argue.",
    sees=(spec.View.OTHERS_THIS_ROUND_BY_NAME,),
)

ADVERSARIAL = spec.StrategySpec(
    panel_type=PanelType.ADVERSARIAL,
    description=(
        "Adversarial debate with a devil's advocate (configuration devil_advocate_id, by "
        "default the last member). Each round has two waves. Wave 0: every other expert "
        "states a position concurrently; blind in round 1, afterwards reading the previous "
        "round's named answers and the devil's advocate's challenge. Wave 1: the devil's "
        "advocate reads this round's positions and challenges the current majority. The "
        "devil's advocate argues a role, not a belief, so its position never counts toward "
        "consensus. At least two rounds run, so the experts answer the first challenge. The "
        "recommendation is composed from the final positions and ends with the "
        "last challenge as the main caveat."
    ),
    role=spec.Role(
        "Devil's advocate", "devil_advocate_id", spec.Seat.LAST, votes=False, argues=True
    ),
    first_round=spec.RoundPlan((*spec.BLIND_ROUND.steps, CHALLENGE)),
    later_rounds=spec.RoundPlan(
        (
            spec.Step(
                TurnKind.POSITION,
                spec.Speakers.STILL_VOTING,
                "Read the other experts' previous answers and the devil's advocate's challenge; "
                "answer the challenge and revise your answer if it exposes a real weakness.",
                sees=(spec.View.OWN_PREVIOUS, spec.View.OTHERS_BY_NAME, spec.View.ROLE_BY_NAME),
            ),
            CHALLENGE,
        )
    ),
    caveat="Main caveat (devil's advocate)",
    caveat_without_majority="The devil's advocate argued a role, not a view of the panel",
)
