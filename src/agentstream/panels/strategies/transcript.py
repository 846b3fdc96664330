"""Reading a panel's transcript: who said what, in which round, and how to show it."""

import re
from collections.abc import Mapping
from dataclasses import replace

from agentstream.deliberation.turns import (
    OWN_PREVIOUS_LABEL,
    Contribution,
    Position,
    TurnKind,
    whole_sentences,
)
from agentstream.panels.consensus import STANCES, choice_of
from agentstream.panels.domain import Panel, PanelMessage

# What an anonymous view shows for a passage id.
CITED = "[a passage]"
# Reasons quoted from a contribution without a position summary keep the whole sentences that
# fit in this length.
REASON_CHARS = 240


def latest_stated(panel: Panel, agent_id: str, up_to_round: int) -> PanelMessage | None:
    """The agent's most recent message carrying a position, in rounds 1..up_to_round."""
    for round_ in reversed(panel.rounds[: max(up_to_round, 0)]):
        for message in reversed(round_.messages):
            if message.agent_id == agent_id and message.position is not None:
                return message
    return None


def latest_position(panel: Panel, agent_id: str, up_to_round: int) -> Position | None:
    """The agent's most recent position in rounds 1..up_to_round."""
    message = latest_stated(panel, agent_id, up_to_round)
    return None if message is None else message.position


def still_voting(panel: Panel, agent_ids: list[str], round_number: int) -> list[str]:
    """The experts who have not abstained by `round_number`: an abstention stands, so an
    expert outside the question is not asked again (its turn would only repeat itself). A
    position the model failed to state is no view: that expert is asked again."""
    return [
        agent_id
        for agent_id in agent_ids
        if (position := latest_position(panel, agent_id, round_number)) is None
        or not position.abstain
        or position.is_unread
    ]


def messages_of(
    panel: Panel, round_number: int, kinds: tuple[TurnKind, ...] = ()
) -> list[PanelMessage]:
    """A round's messages, optionally only of some kinds, in recorded order."""
    round_ = panel.round(round_number)
    if round_ is None:
        return []
    return [m for m in round_.messages if not kinds or m.kind in kinds]


def named(panel: Panel, message: PanelMessage, prefix: str = "") -> Contribution:
    """A contribution labelled with its author's name and role (non-anonymous strategies)."""
    member = panel.member(message.agent_id)
    label = f"{prefix}{member.name} ({member.role})"
    return Contribution(label, message.text, message.position, message.kind)


def own_previous(panel: Panel, agent_id: str, round_number: int) -> tuple[Contribution, ...]:
    """The agent's own latest answer up to `round_number`, so it can revise it."""
    message = latest_stated(panel, agent_id, round_number)
    if message is None:
        return ()
    return (Contribution(OWN_PREVIOUS_LABEL, message.text, message.position),)


def named_positions(
    panel: Panel, round_number: int, agent_ids: list[str], exclude: str
) -> list[Contribution]:
    """Named POSITION answers of `agent_ids` in a round, except `exclude`'s, in panel order."""
    wanted = [agent_id for agent_id in agent_ids if agent_id != exclude]
    messages = messages_of(panel, round_number, (TurnKind.POSITION,))
    return [
        named(panel, message)
        for agent_id in wanted
        for message in messages
        if message.agent_id == agent_id
    ]


def unsigned(panel: Panel, contribution: Contribution) -> Contribution:
    """`contribution` without the ids of the passages it cites, as an anonymous view shows it:
    a passage id names its expert ("[fda_expert/1#3]")."""
    ids = "|".join(re.escape(agent_id) for agent_id in panel.member_ids)
    one = rf"(?:{ids})/[^\]\s,;)]+"
    # "[fda_expert/1#3]", "[fda_expert/1#3, fda_expert/1#4]", then an id said in passing
    listed = re.compile(rf"\[\s*{one}(?:\s*[,;]\s*{one})*\s*\]")
    bare = re.compile(one)

    def hidden(text: str) -> str:
        return bare.sub(CITED.strip("[]"), listed.sub(CITED, text))

    position = contribution.position
    if position is not None:
        reason = None if position.reason is None else hidden(position.reason)
        position = replace(position, summary=hidden(position.summary), reason=reason)
    return replace(contribution, text=hidden(contribution.text), position=position)


def reason(text: str, position: Position | None) -> str:
    """A short reason: the position's summary, else the text's opening sentences."""
    if position is not None and position.summary.strip():
        return position.summary.strip()
    return whole_sentences(text, REASON_CHARS)


def choice_label(choice: str, options: tuple[str, ...]) -> str:
    """A vote's choice as a reader sees it: an option in quotes, else the stance."""
    return f'"{choice}"' if choice in options else choice


def vote_counts(votes: Mapping[str, int], options: tuple[str, ...]) -> str:
    """Votes per choice: every option (or stance), and, with options, the neutral voters only
    when there are some (a count of no one beside the options says nothing)."""
    return ", ".join(
        f"{choice_label(choice, options)} {count}"
        for choice, count in votes.items()
        if count or not options or choice in options
    )


def reason_lines(stated: list[PanelMessage], first: str, options: tuple[str, ...]) -> list[str]:
    """Anonymous reason bullets, each with the option or stance it is for: `first` (a choice)
    first, then by confidence (never panel order)."""
    items = [(reason(m.text, m.position), m.position) for m in stated if m.position is not None]
    order = [first, *options, *(stance.value for stance in STANCES)]
    items.sort(
        key=lambda item: (order.index(choice_of(item[1], options)), -item[1].confidence, item[0])
    )
    return [
        f"- {choice_label(choice_of(position, options), options)} "
        f"({position.confidence:.2f}): {text or '(no reason given)'}"
        for text, position in items
    ]
