"""The panel's recommendation in code: the verdict, then the reasons the voters gave.

The recommendation reads on its own (it is the stored `final_recommendation`), and says each
thing once: the dissent is named with its reasons where the reasons are given, not also in a
line of its own (`panel_complete` carries it as data besides).
"""

import re

from agentstream.deliberation.advice import is_advice_framing, is_answering_framing
from agentstream.deliberation.position import UNREAD, Position
from agentstream.deliberation.turns import Stance, TurnKind
from agentstream.experts.answered import stated_by
from agentstream.experts.council import NO_RANKING, RANKING_WINNER, VOTE_PARAGRAPHS
from agentstream.experts.reading import negated_act, read_question
from agentstream.experts.wording import quoted
from agentstream.panels.consensus import ConsensusResult, choice_of
from agentstream.panels.domain import Panel, PanelMessage, PanelType
from agentstream.panels.strategies.ranking import RankedResponse, peer_ranking
from agentstream.panels.strategies.transcript import (
    choice_label,
    latest_stated,
    reason,
    vote_counts,
)
from agentstream.panels.strategies.views import anonymous_names

_ANONYMOUS = re.compile(r"Anonymous expert \d+")
# The turns that answer the question itself.
ANSWERING = (TurnKind.POSITION, TurnKind.ANSWER)


def composed(panel: Panel, voters: list[str]) -> str:
    """A recommendation composed from the voters' final positions: the verdict, then the
    reasons given, by choice and by name, the majority's first and the dissent's after."""
    last = len(panel.rounds)
    stated = [
        message
        for agent_id in voters
        if (message := latest_stated(panel, agent_id, last)) is not None
        and message.position is not None
        and not message.position.abstain
    ]
    result = panel.consensus
    if not stated or result is None or is_answering_framing(panel.configuration.proposition):
        # A question of figures or of what to do: the answer lists them, by name, with no vote
        # to give reasons for.
        return verdict(panel)
    return "\n".join([verdict(panel, dissent=False), *_reasons(panel, result, stated, voters)])


def with_synthesis(panel: Panel, synthesis: str, voters: list[str]) -> str:
    """The verdict, then the synthesis the chair or moderator wrote, without its paragraphs
    that state the vote and the dissent: the verdict states them once. Its opening paragraph
    goes too when nothing else is left for it to introduce; a synthesis with nothing left
    gives way to the reasons the `voters` gave (`composed`), so a verdict is never bare."""
    paragraphs = synthesis.split("\n\n")
    # The opening ("As the …, I write this panel's synthesis.") frames a turn, not the
    # panel's answer; nor does a ranking that did not take place add to it, nor its winner,
    # which the verdict's ranking lines name.
    stated = (*VOTE_PARAGRAPHS, NO_RANKING, RANKING_WINNER)
    kept = [p for p in paragraphs[1:] if not p.lstrip().startswith(stated)]
    if not kept:
        return composed(panel, voters)
    return "\n\n".join([verdict(panel), *kept])


def verdict(panel: Panel, dissent: bool = True) -> str:
    """What the panel decided, in code: the option or side chosen (or that there was none), the
    vote and the first round's baseline, the abstentions and, when `dissent`, the dissent (who,
    with their summary)."""
    result = panel.consensus
    if result is None:
        return "The panel recorded no positions, so it makes no recommendation."
    short = _cut_short(panel, result)
    if is_answering_framing(panel.configuration.proposition):
        answer = _answers(panel, result)
        return f"{answer}\n{short}" if short else answer
    votes = vote_counts(result.votes, result.options)
    # Without the quorum or a majority there is no agreement figure to give.
    agreement = (
        f"; confidence-weighted agreement {result.level:.0%}"
        if result.has_quorum and result.majority is not None
        else ""
    )
    tally = (
        f"Votes: {votes} ({result.participants} of {result.members} members voted; "
        f"quorum {result.quorum}{agreement})."
    )
    proposition = panel.configuration.proposition
    inverted = _inverted(panel)
    lone = lone_side(panel, result)
    head = _lone_head(result, lone, inverted) if lone else _head(result, inverted)
    lines = [head, *([short] if short else []), tally]
    restated = _restated(proposition, panel.query) if not result.options and proposition else None
    if restated is not None:
        # "support" means support of this statement
        lines.insert(1, f"The proposal voted on: {restated}")
    if result.baseline is not None:
        base = result.baseline
        first = vote_counts(base.votes, result.options)
        # As for the final vote: without the quorum or a majority there is no agreement.
        if not base.has_quorum:
            standing = "short of the quorum"
        elif base.majority is None:
            standing = "no majority"
        else:
            majority = choice_label(base.majority, result.options)
            standing = f"majority: {majority}, agreement {base.level:.0%}"
        lines.append(f"First-round independent vote: {first} ({standing}).")
    if (ranked := peer_ranking(panel)) is not None:
        lines += _ranking_lines(ranked, result)
    if dissent and result.dissent and not lone:
        # On an even split each side dissents from the other: neither is "the" dissent.
        heading = "Dissent" if result.majority is not None else "The sides"
        lines.append(
            f"{heading}: "
            + "; ".join(
                f"{d.name} ({choice_label(d.choice, result.options)}, {d.confidence:.2f})"
                + quoted(d.summary)
                for d in result.dissent
            )
            + "."
        )
    elif dissent and result.majority is not None and not lone:
        # Without a majority (no quorum, a split) there is nothing to dissent from.
        lines.append("Dissent: none.")
    lines += _abstained(result)
    return "\n".join(lines)


# What each strategy's later rounds would have done with the answers of round 1.
_LATER_ROUNDS = {
    PanelType.OPEN: "answer",
    PanelType.SOCRATIC: "question",
    PanelType.ADVERSARIAL: "challenge",
    PanelType.COUNCIL: "rank",
}


def _cut_short(panel: Panel, result: ConsensusResult) -> str | None:
    """Why a panel ran fewer rounds than its strategy's own, when it did: fewer than two
    members could speak to the question, so nobody was left to answer, question, challenge
    or rank (the stop rule's `no_quorum`). None when its rounds all ran."""
    rounds = len(panel.rounds)
    act = _LATER_ROUNDS.get(panel.panel_type)
    if act is None or rounds >= panel.panel_type.min_rounds or result.has_quorum:
        return None
    if any(abstention.reason == UNREAD for abstention in result.abstentions):
        # A model's unreadable answer is no sign of what the documents cover.
        who = "fewer than two members stated a position"
    elif result.participants:
        who = "only one member's documents speak to the question"
    else:
        who = "no member's documents speak to the question"
    return f"The panel ended after round {rounds}: {who}, so there was no one to {act}."


def _abstained(result: ConsensusResult) -> list[str]:
    """The line naming who abstained and why, when anyone did."""
    if not result.abstentions:
        return []
    reasons = "; ".join(f"{a.name} ({a.reason.rstrip('.!?;: ')})" for a in result.abstentions)
    return [f"Abstained: {reasons}."]


def _restated(proposition: str, query: str) -> str | None:
    """The proposal a side is on, when the question as asked does not say it plainly: the
    framing, when it is not the question; the plain proposal of a question that negates its
    first act ("Should we not bother with a Pre-Submission and just file?" proposes skipping
    it); what supporting a question that asks for the opposite rejects. None when the
    question is its own plain proposal."""
    if proposition.strip() != query.strip():
        return proposition
    reading = read_question(query)
    if reading.inverted:
        return (
            f"{query.strip()} The question asks for the proposal's opposite, so supporting it "
            f"rejects the proposal and opposing it accepts it: {reading.proposal.strip()}"
        )
    if reading.proposal.strip() != query.strip():
        return reading.proposal.strip()
    return None


def _answers(panel: Panel, result: ConsensusResult) -> str:
    """The answer to a question that asks for figures or what to do: the figures or advice
    each member's documents state, by name and with their sources, then who found none;
    neither is voted on."""
    if is_advice_framing(panel.configuration.proposition):
        lines = [
            "Answer: the advice the members' documents give, with their sources (a question of "
            "what to do is answered, not voted on)."
        ]
        none = "No member's documents advise on what the question asks."
    else:
        lines = [
            "Answer: the figures the members' documents state, with their sources (a question "
            "of figures is answered, not voted on)."
        ]
        none = "No member's documents state the figures asked for."
    given = [
        (panel.member(agent_id).name, stated_by(position.summary).strip())
        for agent_id in panel.member_ids
        if (position := _last_answer(panel, agent_id)) is not None
    ]
    lines += [f"- {name}: {answer}" for name, answer in given if answer]
    if not given:
        lines.append(none)
    lines += _abstained(result)
    return "\n".join(lines)


def _last_answer(panel: Panel, agent_id: str) -> Position | None:
    """A member's latest position on the question itself (not a devil's advocate's
    challenge), None when it has none or abstained."""
    for round_ in reversed(panel.rounds):
        for message in reversed(round_.messages):
            if message.agent_id == agent_id and message.kind in ANSWERING:
                position = message.position
                return None if position is None or position.abstain else position
    return None


def _ranking_lines(ranked: list[RankedResponse], result: ConsensusResult) -> list[str]:
    """The council's peer ranking, and whether its best-ranked answer chose as the vote did."""
    if not ranked:
        return []
    lines = [
        "Peer ranking (Borda count): "
        + "; ".join(
            f"{r.label} ({r.name}) {r.points} point{'s' if r.points != 1 else ''}" for r in ranked
        )
        + "."
    ]
    best = ranked[0]
    ahead = len(ranked) == 1 or best.points > ranked[1].points
    if not ahead:
        lines.append("No single answer leads the peer ranking.")
    if (
        ahead
        and best.choice is not None
        and result.majority is not None
        and best.choice != result.majority
    ):
        lines.append(
            f"The best-ranked answer ({best.label}, {best.name}) chose "
            f"{choice_label(best.choice, result.options)}, not the majority's "
            f"{choice_label(result.majority, result.options)}."
        )
    return lines


def _inverted(panel: Panel) -> str | None:
    """The plain act a question proposes when it asks for its opposite ("Would it be a
    mistake to apply for a code …?" proposes applying for it), so that the verdict says what
    to do rather than which side of a negated question won; None for any other question."""
    proposition = panel.configuration.proposition
    if panel.configuration.options or proposition is None:
        return None
    if proposition.strip() != panel.query.strip():
        return None
    return negated_act(panel.query)


def lone_side(panel: Panel, result: ConsensusResult) -> tuple[str, list[str]] | None:
    """The one side the members' documents take when the panel reached no decision (no
    quorum, a split, a neutral majority) and every member who took a side took that one:
    the choice and the names of those who took it. None when the panel decided, nobody took
    a side, or members took different sides."""
    decided = (
        result.has_quorum
        and result.majority is not None
        and result.majority != Stance.NEUTRAL.value
    )
    if decided:
        return None
    sides = [
        (panel.member(agent_id).name, choice)
        for agent_id in panel.member_ids
        if (position := _last_answer(panel, agent_id)) is not None
        and (choice := choice_of(position, result.options)) != Stance.NEUTRAL.value
    ]
    if len({choice for _, choice in sides}) != 1:
        return None
    return sides[0][1], [name for name, _ in sides]


def _lone_head(result: ConsensusResult, lone: tuple[str, list[str]], inverted: str | None) -> str:
    """The verdict of a panel that decided nothing while the only evidence taking a side
    points one way: that side, said as what to do, and on whose documents it rests."""
    choice, names = lone
    said = _side(choice, result.options, inverted)
    who = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    takes = f"{who} {'take' if len(names) > 1 else 'takes'} it from {_their(names)} own documents"
    neutral = result.participants - len(names)
    others = [
        f"{neutral} neutral voter{'s' if neutral != 1 else ''} whose documents do not settle "
        "the question"
        if neutral
        else "",
        f"{len(result.abstentions)} member{'s' if len(result.abstentions) != 1 else ''} whose "
        "documents do not cover it"
        if result.abstentions
        else "",
    ]
    rest = " and ".join(o for o in others if o)
    if not result.has_quorum:
        return (
            f"No panel decision, but the evidence points one way: {said}. It is the only side "
            f"taken: {takes}; beside {_them(names)}, {rest}. Only {result.participants} of "
            f"{result.members} members voted, short of the quorum of {result.quorum}."
        )
    return (
        f"No consensus, but the evidence points one way: {said}. It is the only side taken: "
        f"{takes}; beside {_them(names)}, {rest}."
    )


def _their(names: list[str]) -> str:
    return "their" if len(names) > 1 else "its"


def _them(names: list[str]) -> str:
    return "them" if len(names) > 1 else "it"


def _head(result: ConsensusResult, inverted: str | None = None) -> str:
    voted = (
        f"only {result.participants} of {result.members} members voted"
        if result.participants
        else f"none of the {result.members} members voted"
        if result.members > 1
        else "its one member did not vote"
    )
    if result.decision == "no_quorum" or not result.has_quorum:
        return f"No recommendation: {voted}, short of the quorum of {result.quorum}."
    if result.majority is None:
        return "No consensus: the votes are split evenly, so the panel makes no recommendation."
    if result.majority == Stance.NEUTRAL.value:
        return (
            "No recommendation either way: the voters are neutral, their evidence does not "
            "settle the question."
        )
    if result.decision == "consensus":
        return f"Recommendation: {_side(result.majority, result.options, inverted)} (consensus)."
    return (
        f"No consensus. Most votes, short of the panel's threshold, are to "
        f"{_side(result.majority, result.options, inverted)}."
    )


def _reasons(
    panel: Panel, result: ConsensusResult, stated: list[PanelMessage], voters: list[str]
) -> list[str]:
    """The reasons given, grouped by the choice they are for (the majority's first, then by
    votes), each by its expert's name; a group against the majority is the dissent."""
    groups: dict[str, list[PanelMessage]] = {}
    for message in stated:
        assert message.position is not None
        groups.setdefault(choice_of(message.position, result.options), []).append(message)
    # The one side taken against neutral voters is no dissent: it is the evidence's answer,
    # and its reasons come first.
    lone = lone_side(panel, result)
    first = lone[0] if lone else result.majority
    order = sorted(groups, key=lambda choice: (choice != first, -len(groups[choice])))
    lines = ["Reasons given:"]
    unranked = result.majority is None or lone is not None
    for choice in order:
        count = len(groups[choice])
        votes = f"{count} vote{'s' if count != 1 else ''}"
        label = choice_label(choice, result.options)
        if unranked:
            lines.append(f"{_capitalized(label)} ({votes}):")
        elif choice == result.majority:
            lines.append(f"{_capitalized(label)} (the majority, {votes}):")
        else:
            lines.append(f"Dissent, {label} ({votes}):")
        for message in sorted(groups[choice], key=_by_confidence):
            assert message.position is not None
            said = _named(panel, voters, message) or "(no reason given)"
            name = panel.member(message.agent_id).name
            lines.append(f"- {name} ({message.position.confidence:.2f}): {said}")
    if result.majority is not None and len(groups) == 1:
        lines.append("Dissent: none.")
    return lines


def _named(panel: Panel, voters: list[str], message: PanelMessage) -> str:
    """A message's reason, with the anonymous labels it answered ("Anonymous expert 2's case
    decides it for me") replaced by the names they stood for in the round it was written in:
    the report names everyone, and a label is meaningless outside its round."""
    assert message.position is not None
    said = reason(message.text, message.position)
    if _ANONYMOUS.search(said) is None:
        return said
    written = next(
        (
            m.round_number
            for round_ in panel.rounds
            for m in round_.messages
            if m.agent_id == message.agent_id
            and m.position is not None
            and m.position.summary == message.position.summary
        ),
        message.round_number,
    )
    names = anonymous_names(panel, voters, message.agent_id, written - 1)
    return _ANONYMOUS.sub(lambda match: names.get(match.group(0), match.group(0)), said)


def _by_confidence(message: PanelMessage) -> tuple[float, str]:
    assert message.position is not None
    return -message.position.confidence, message.agent_id


def _capitalized(label: str) -> str:
    return label[:1].upper() + label[1:]


def _side(choice: str, options: tuple[str, ...], inverted: str | None = None) -> str:
    """A choice as what to do: an option, a side of the proposal, or, on a question that asks
    for its proposal's opposite (`inverted`, the plain act), the act itself, done or not."""
    if options:
        return f'choose "{choice}"' if choice in options else "choose none of the options"
    if inverted is not None and choice == Stance.OPPOSE.value:
        return f"oppose the question as asked, that is, go ahead: {inverted}"
    if inverted is not None and choice == Stance.SUPPORT.value:
        return f"support the question as asked, that is, do not {inverted}"
    return {
        Stance.SUPPORT.value: "support the proposal",
        Stance.OPPOSE.value: "oppose the proposal",
    }.get(choice, "neither side (neutral)")
