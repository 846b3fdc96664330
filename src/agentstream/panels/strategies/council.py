"""Council panels: blind answers, anonymous peer ranking (Borda count), chair synthesis."""

import random
from collections.abc import Collection, Iterable, Sequence

from agentstream.deliberation.turns import Contribution, TurnKind, TurnRequest
from agentstream.panels.domain import Panel, PanelType
from agentstream.panels.strategies.base import OneWaveStrategy, messages_of

RANKING_LABEL = "Peer ranking (Borda count)"


class CouncilStrategy(OneWaveStrategy):
    """LLM-council style: peers judge anonymized answers, a chair writes the verdict."""

    panel_type = PanelType.COUNCIL
    has_synthesis = True
    description = (
        "Council with anonymous peer review, always two rounds. Round 1: "
        "every member answers blind, all at once. Round 2: every member reads the other "
        "members' round-1 answers, anonymized as 'Response A', 'Response B', … (letters "
        "shuffled per panel, each reviewer seeing them in its own shuffled order, its own "
        "answer withheld) and ranks them best first; all concurrently. The rankings are "
        "aggregated with a Borda count, and the chair (configuration chair_id, by default the "
        "first member) writes the synthesis from the anonymized answers and the aggregate "
        "ranking, naming the winner and the dissent."
    )

    def chair(self, panel: Panel) -> str:
        """The chair: configured, else the first member."""
        return panel.configuration.chair_id or panel.member_ids[0]

    def min_rounds(self, panel: Panel) -> int:
        """The ranking round always runs, even after a round-1 consensus."""
        return 2

    def max_rounds(self, panel: Panel) -> int:
        """Answers, then ranking: exactly two rounds."""
        return 2

    def later_round(self, panel: Panel, round_number: int) -> list[TurnRequest]:
        """Each member ranks the others' anonymous answers."""
        answers = anonymous_answers(panel)
        instruction = (
            f"Panel question: {panel.query}\nRound {round_number}. Rank the anonymous responses "
            "below from best to worst for accuracy and insight, listing their labels best "
            "first (for example: Response B, Response A), and say why."
        )
        return [
            TurnRequest(
                agent_id,
                TurnKind.RANK,
                round_number,
                instruction,
                visible=reviewer_order(panel, agent_id, answers),
            )
            for agent_id in panel.member_ids
        ]

    def recommendation_request(self, panel: Panel) -> TurnRequest | None:
        """The chair's synthesis, seeing the anonymous answers and the Borda ranking."""
        if not panel.rounds:
            return None
        ranking = "\n".join(
            f"{place}. {label}: {points} points"
            for place, (label, points) in enumerate(aggregate_ranking(panel), start=1)
        )
        instruction = (
            f"Panel question: {panel.query}\nYou chair this council. Write its synthesis from "
            "the anonymous responses and their peer ranking below: name the best-ranked "
            "response and build on its reasoning, and state the dissent."
        )
        visible = (
            *(c for _, c in anonymous_answers(panel)),
            Contribution(RANKING_LABEL, ranking or "No rankings were recorded."),
        )
        return TurnRequest(
            self.chair(panel), TurnKind.SYNTHESIS, len(panel.rounds), instruction, visible
        )


def response_labels(panel: Panel) -> dict[str, str]:
    """Member → 'Response X', shuffled with the panel id as seed so panel order leaks nothing."""
    order = list(panel.member_ids)
    # Not security: the shuffle only hides the seating order, and must be reproducible.
    random.Random(panel.id).shuffle(order)
    return {agent_id: f"Response {chr(ord('A') + i)}" for i, agent_id in enumerate(order)}


def reviewer_order(
    panel: Panel, reviewer: str, answers: list[tuple[str, Contribution]]
) -> tuple[Contribution, ...]:
    """The answers a reviewer ranks: every one but its own, in an order shuffled for this
    reviewer, so that position in the list favours no answer across the council."""
    shown = [c for author, c in answers if author != reviewer]
    # Not security: the shuffle only spreads position bias, and must be reproducible.
    random.Random(f"{panel.id}:{reviewer}").shuffle(shown)
    return tuple(shown)


def anonymous_answers(panel: Panel) -> list[tuple[str, Contribution]]:
    """(author, labelled round-1 answer), sorted by label; authors stay server-side."""
    labels = response_labels(panel)
    answers = [
        (m.agent_id, Contribution(labels[m.agent_id], m.text, m.position))
        for m in messages_of(panel, 1, (TurnKind.POSITION,))
    ]
    return sorted(answers, key=lambda item: item[1].label)


def aggregate_ranking(panel: Panel) -> list[tuple[str, int]]:
    """Borda count of the round-2 rankings; each ballot covers the answers its ranker saw."""
    answered = {author: c.label for author, c in anonymous_answers(panel)}
    ballots = [
        (m.ranking, {label for author, label in answered.items() if author != m.agent_id})
        for m in messages_of(panel, 2, (TurnKind.RANK,))
    ]
    return borda_count(ballots)


def borda_count(
    ballots: Iterable[tuple[Sequence[str], Collection[str]]],
) -> list[tuple[str, int]]:
    """Aggregate rankings: on a ballot over m eligible labels, place i (0-based) scores m-1-i.

    Labels that are not eligible on a ballot (e.g. a ranker's own answer) and repeats are
    ignored; unranked eligible labels score 0. Best first, ties by label.
    """
    points: dict[str, int] = {}
    for ranking, eligible in ballots:
        for label in eligible:
            points.setdefault(label, 0)
        ranked = list(dict.fromkeys(label for label in ranking if label in eligible))
        for place, label in enumerate(ranked):
            points[label] += len(eligible) - 1 - place
    return sorted(points.items(), key=lambda item: (-item[1], item[0]))
