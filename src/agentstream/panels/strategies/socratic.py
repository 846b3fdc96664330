"""Socratic panels: a moderator questions the experts one at a time, then they take positions.

Each expert must defend its own statement before the panel decides.
"""

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType
from agentstream.panels.strategies import spec

SOCRATIC = spec.StrategySpec(
    panel_type=PanelType.SOCRATIC,
    description=(
        "Socratic inquiry led by a moderator (configuration moderator_id, by default the first "
        "member), always at least 2 rounds. Round 1: "
        "every expert but the moderator states a position blind, all at once. Each later "
        "round: the moderator questions the experts one at a time, in panel order: wave 2i is "
        "the moderator's question to expert i about that expert's latest statement (which the "
        "moderator sees, named), wave 2i+1 is that expert's answer, seeing its own statement "
        "and the question, with its revised position. The moderator does not vote; after the "
        "last round the moderator writes the synthesis from the final positions."
    ),
    role=spec.Role("Moderator", "moderator_id", spec.Seat.FIRST, votes=False),
    first_round=spec.BLIND_ROUND,
    later_rounds=spec.RoundPlan(
        (
            spec.Step(
                TurnKind.QUESTION,
                spec.Speakers.ROLE,
                "You are the moderator. Ask {expert} one probing question about their latest "
                "statement below: the evidence, reasoning or assumptions behind it.",
                sees=(spec.View.TARGET_STATEMENT_BY_NAME,),
            ),
            spec.Step(
                TurnKind.ANSWER,
                spec.Speakers.TARGET,
                "Answer the moderator's question about your statement directly and concretely, "
                "then state your position.",
                sees=(spec.View.OWN_PREVIOUS, spec.View.QUESTION_TO_SPEAKER),
                answers=spec.View.QUESTION_TO_SPEAKER,
                # The moderator's turn failed: the expert still gets a probe, a generic one.
                fallback="Explain the strongest evidence for your view and what would change "
                "your mind.",
            ),
        ),
        per_expert=True,
    ),
    synthesis=spec.Step(
        TurnKind.SYNTHESIS,
        spec.Speakers.ROLE,
        "You moderated this panel. Write its synthesis from the experts' final positions "
        "below: where they agree, where they still disagree and why.",
        sees=(spec.View.FINAL_POSITIONS_BY_NAME,),
    ),
)
