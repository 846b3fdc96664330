"""Council peer review: anonymous response labels, each reviewer's order, the Borda count."""

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass

from agentstream.deliberation.turns import AUTHORS_LABEL, Contribution, TurnKind
from agentstream.panels.consensus import choice_of
from agentstream.panels.domain import Panel
from agentstream.panels.strategies.transcript import messages_of, unsigned

RANKING_LABEL = "Peer ranking (Borda count)"


def response_labels(panel: Panel) -> dict[str, str]:
    """Member who answered in round 1 (an abstention is no answer) → 'Response X', shuffled
    with the panel id as seed so panel order leaks nothing."""
    abstained = {
        m.agent_id
        for m in messages_of(panel, 1, (TurnKind.POSITION,))
        if m.position is not None and m.position.abstain
    }
    order = [agent_id for agent_id in panel.member_ids if agent_id not in abstained]
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


def labelled_answers(panel: Panel) -> list[tuple[str, Contribution]]:
    """(author, round-1 answer under its response label, its passage ids kept), sorted by
    label: for a chair told the authors, whom the ids reveal nothing more to. An abstention
    is no answer: it is neither ranked nor scored."""
    labels = response_labels(panel)
    answers = [
        (m.agent_id, Contribution(labels[m.agent_id], m.text, m.position))
        for m in messages_of(panel, 1, (TurnKind.POSITION,))
        if m.agent_id in labels
    ]
    return sorted(answers, key=lambda item: item[1].label)


def anonymous_answers(panel: Panel) -> list[tuple[str, Contribution]]:
    """`labelled_answers` without the passage ids, which name their experts: what the
    reviewers rank blind; authors stay server-side."""
    return [(author, unsigned(panel, answer)) for author, answer in labelled_answers(panel)]


def aggregate_ranking(panel: Panel) -> list[tuple[str, int]]:
    """Borda count of the round-2 rankings; each ballot covers the answers its ranker saw."""
    answered = {author: c.label for author, c in anonymous_answers(panel)}
    ballots = [
        (m.ranking, {label for author, label in answered.items() if author != m.agent_id})
        for m in messages_of(panel, 2, (TurnKind.RANK,))
    ]
    return borda_count(ballots)


@dataclass(frozen=True, slots=True)
class RankedResponse:
    """One council answer in the peer ranking: its label, its author, its Borda points, and
    what the author chose in round 1 (an option or a stance; None: it abstained)."""

    label: str
    agent_id: str
    name: str
    points: int
    choice: str | None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (`peer_ranking` of panels and `panel_complete`)."""
        return asdict(self)


def peer_ranking(panel: Panel) -> list[RankedResponse] | None:
    """The council's aggregate ranking, best first, with who wrote each answer; None for a
    panel that ranked nothing (another strategy, or before its ranking round)."""
    if not messages_of(panel, 2, (TurnKind.RANK,)):
        return None
    authors = {c.label: (author, c.position) for author, c in anonymous_answers(panel)}
    ranked = []
    for label, points in aggregate_ranking(panel):
        author, position = authors[label]
        chose = None
        if position is not None and not position.abstain:
            chose = choice_of(position, panel.configuration.options)
        ranked.append(RankedResponse(label, author, panel.member(author).name, points, chose))
    return ranked


def peer_ranking_data(panel: Panel) -> list[dict[str, object]] | None:
    """`peer_ranking`, JSON-ready."""
    ranked = peer_ranking(panel)
    return None if ranked is None else [r.to_dict() for r in ranked]


def ranking_contribution(panel: Panel) -> Contribution:
    """The aggregate ranking as the chair reads it, best first with its points."""
    ranked = aggregate_ranking(panel)
    lines = []
    for place, (label, points) in enumerate(ranked, start=1):
        tied = sum(other == points for _, other in ranked) > 1
        lines.append(f"{place}. {label}: {points} point{'s' if points != 1 else ''}")
        lines[-1] += " (tied)" if tied else ""
    return Contribution(RANKING_LABEL, "\n".join(lines) or "No rankings were recorded.")


def authors_contribution(panel: Panel) -> Contribution:
    """Who wrote each response, by label: the chair names them once the ranking is in (the
    reviewers ranked blind)."""
    labels = response_labels(panel)
    lines = [
        f"{labels[member.agent_id]}: {member.name} ({member.role})"
        for member in sorted(panel.members, key=lambda m: labels.get(m.agent_id, ""))
        if member.agent_id in labels
    ]
    return Contribution(AUTHORS_LABEL, "\n".join(lines))


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
