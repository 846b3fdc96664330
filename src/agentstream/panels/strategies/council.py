"""Council panels: blind answers, anonymous peer ranking (Borda count), chair synthesis.

LLM-council style: peers judge anonymized answers, a chair writes the verdict.
"""

from agentstream.deliberation.turns import TurnKind
from agentstream.panels.domain import PanelType
from agentstream.panels.strategies import spec

COUNCIL = spec.StrategySpec(
    panel_type=PanelType.COUNCIL,
    description=(
        "Council with anonymous peer review, always two rounds. Round 1: "
        "every member answers blind, all at once. Round 2: every member reads the other "
        "members' round-1 answers, anonymized as 'Response A', 'Response B', … (letters "
        "shuffled per panel, each reviewer seeing them in its own shuffled order, its own "
        "answer withheld) and ranks them best first; all concurrently. A member that "
        "abstained in round 1 does not rank. The rankings are "
        "aggregated with a Borda count, and the chair (configuration chair_id, by default the "
        "first member) writes the synthesis from the answers and the aggregate ranking, with "
        "the authors revealed once the ranking is in, naming the winner, its author and the "
        "dissent by name."
    ),
    role=spec.Role("Chair", "chair_id", spec.Seat.FIRST, votes=True),
    rounds=2,
    first_round=spec.BLIND_ROUND,
    later_rounds=spec.RoundPlan(
        (
            spec.Step(
                TurnKind.RANK,
                # An expert that abstained has no view of the question to judge answers by.
                spec.Speakers.STILL_VOTING,
                "Rank the anonymous responses below from best to worst for accuracy and "
                "insight, listing their labels best first (for example: Response B, Response A), "
                "and say why.",
                sees=(spec.View.ANSWERS_SHUFFLED,),
            ),
        )
    ),
    synthesis=spec.Step(
        TurnKind.SYNTHESIS,
        spec.Speakers.ROLE,
        "You chair this council. Write its synthesis from the responses and their peer "
        "ranking below: name the best-ranked response and its author, build on its reasoning, "
        "and state the dissent by name. The reviewers ranked blind; the authors are revealed "
        "to you now.",
        sees=(spec.View.ANSWERS, spec.View.RANKING, spec.View.AUTHORS),
    ),
)
