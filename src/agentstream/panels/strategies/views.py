"""What a turn sees: one builder per `View`, reading the transcript from where the speaker sits."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agentstream.deliberation.turns import Contribution, TurnKind
from agentstream.panels import consensus
from agentstream.panels.domain import Panel, PanelMessage
from agentstream.panels.strategies.ranking import (
    anonymous_answers,
    authors_contribution,
    labelled_answers,
    ranking_contribution,
    reviewer_order,
)
from agentstream.panels.strategies.spec import View
from agentstream.panels.strategies.transcript import (
    latest_stated,
    messages_of,
    named,
    named_positions,
    own_previous,
    reason,
    reason_lines,
    unsigned,
    vote_counts,
)

SUMMARY_LABEL = "Panel summary"
QUESTION_LABEL = "Moderator's question"


@dataclass(frozen=True, slots=True)
class Sight:
    """Where a turn is taken: the panel, the round, the speaker, the voters, the role holder
    (with its title) and, in a per-expert round, the target expert."""

    panel: Panel
    round_number: int
    speaker: str
    voters: list[str]
    holder: str | None = None
    title: str = ""
    target: str | None = None


def shown(view: View, sight: Sight) -> Sequence[Contribution]:
    """The contributions `view` shows from `sight`."""
    return _BUILDERS[view](sight)


def _own_previous(sight: Sight) -> Sequence[Contribution]:
    return own_previous(sight.panel, sight.speaker, sight.round_number - 1)


def _summary(sight: Sight) -> Sequence[Contribution]:
    return (panel_summary(sight.panel, sight.voters, sight.round_number - 1),)


def _others_anonymous(sight: Sight) -> Sequence[Contribution]:
    return anonymous_positions(sight.panel, sight.voters, sight.speaker, sight.round_number - 1)


def _others_by_name(sight: Sight) -> Sequence[Contribution]:
    return named_positions(sight.panel, sight.round_number - 1, sight.voters, sight.speaker)


def _others_this_round(sight: Sight) -> Sequence[Contribution]:
    return named_positions(sight.panel, sight.round_number, sight.voters, sight.speaker)


def _role_by_name(sight: Sight) -> Sequence[Contribution]:
    return [
        named(sight.panel, message, f"{sight.title}: ")
        for message in messages_of(sight.panel, sight.round_number - 1)
        if message.agent_id == sight.holder
    ]


def _target_statement(sight: Sight) -> Sequence[Contribution]:
    if sight.target is None:
        return ()
    statement = latest_stated(sight.panel, sight.target, sight.round_number - 1)
    return () if statement is None else (named(sight.panel, statement),)


def _question(sight: Sight) -> Sequence[Contribution]:
    question = pending_question(sight.panel, sight.round_number, sight.speaker)
    return () if question is None else (Contribution(QUESTION_LABEL, question.text),)


def _answers_shuffled(sight: Sight) -> Sequence[Contribution]:
    return reviewer_order(sight.panel, sight.speaker, anonymous_answers(sight.panel))


def _answers(sight: Sight) -> Sequence[Contribution]:
    return [contribution for _, contribution in labelled_answers(sight.panel)]


def _ranking(sight: Sight) -> Sequence[Contribution]:
    return (ranking_contribution(sight.panel),)


def _authors(sight: Sight) -> Sequence[Contribution]:
    return (authors_contribution(sight.panel),)


def _final_positions(sight: Sight) -> Sequence[Contribution]:
    return [
        named(sight.panel, message)
        for agent_id in sight.voters
        if (message := latest_stated(sight.panel, agent_id, sight.round_number)) is not None
    ]


_BUILDERS: dict[View, Callable[[Sight], Sequence[Contribution]]] = {
    View.OWN_PREVIOUS: _own_previous,
    View.SUMMARY: _summary,
    View.OTHERS_ANONYMOUS: _others_anonymous,
    View.OTHERS_BY_NAME: _others_by_name,
    View.OTHERS_THIS_ROUND_BY_NAME: _others_this_round,
    View.ROLE_BY_NAME: _role_by_name,
    View.TARGET_STATEMENT_BY_NAME: _target_statement,
    View.QUESTION_TO_SPEAKER: _question,
    View.ANSWERS_SHUFFLED: _answers_shuffled,
    View.ANSWERS: _answers,
    View.RANKING: _ranking,
    View.AUTHORS: _authors,
    View.FINAL_POSITIONS_BY_NAME: _final_positions,
}


def anonymous_positions(
    panel: Panel, voters: list[str], viewer: str, round_number: int
) -> list[Contribution]:
    """The other voters' reasons and positions of a round, unnamed and in stance order.

    Delphi feedback: each position counts (so experts can weigh the panel), but neither names
    nor seating order reveal who holds which.
    """
    return [
        unsigned(panel, Contribution(label, reason(m.text, m.position), m.position))
        for label, m in _anonymous(panel, voters, viewer, round_number)
    ]


def anonymous_names(
    panel: Panel, voters: list[str], viewer: str, round_number: int
) -> dict[str, str]:
    """Who each "Anonymous expert N" that `viewer` was shown from a round is, by name: for
    the panel's report, once the deliberation is over."""
    return {
        label: panel.member(m.agent_id).name
        for label, m in _anonymous(panel, voters, viewer, round_number)
    }


def _anonymous(
    panel: Panel, voters: list[str], viewer: str, round_number: int
) -> list[tuple[str, PanelMessage]]:
    stated = [
        message
        for agent_id in voters
        if agent_id != viewer
        and (message := latest_stated(panel, agent_id, round_number)) is not None
        and message.position is not None
    ]
    stated.sort(key=lambda m: (m.position.stance.value, -m.position.confidence, m.text))  # type: ignore[union-attr]
    return [(f"Anonymous expert {index}", m) for index, m in enumerate(stated, start=1)]


def panel_summary(panel: Panel, voters: list[str], round_number: int) -> Contribution:
    """The anonymous aggregate of a round: distribution, mean confidence, reasons (no names)."""
    stated = [
        message
        for agent_id in voters
        if (message := latest_stated(panel, agent_id, round_number)) is not None
    ]
    positions = [message.position for message in stated if message.position is not None]
    if not positions:
        return Contribution(SUMMARY_LABEL, f"No positions were recorded in round {round_number}.")
    result = consensus.measure(positions, options=panel.configuration.options)
    counts = vote_counts(result.votes, result.options)
    voting = [m for m in stated if m.position is not None and not m.position.abstain]
    text = "\n".join(
        [
            f"Round {round_number}: {result.participants} of {len(stated)} experts voted "
            "(anonymous).",
            f"Votes: {counts}. Mean confidence: {result.mean_confidence:.2f}.",
            "Reasons given:",
            # With no voters there are no reasons to order.
            *reason_lines(voting, result.majority or result.majority_stance or "", result.options),
        ]
    )
    return unsigned(panel, Contribution(SUMMARY_LABEL, text))


def pending_question(panel: Panel, round_number: int, expert: str) -> PanelMessage | None:
    """The question to `expert` in this round: the message just before the expert's answer
    (or the last one, before it answers) when it is a QUESTION; None when the questioner's
    turn was lost."""
    messages = messages_of(panel, round_number, (TurnKind.QUESTION, TurnKind.ANSWER))
    answered = [i for i, m in enumerate(messages) if m.agent_id == expert]
    seen = messages[: answered[0]] if answered else messages
    if seen and seen[-1].kind is TurnKind.QUESTION:
        return seen[-1]
    return None
