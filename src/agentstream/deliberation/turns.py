"""The contract between panel strategies (who speaks, seeing what) and experts (what they say).

Plain Python, no framework imports: strategies produce `TurnRequest`s, the service runs them
(concurrently when they do not depend on each other) and gets `TurnResult`s back.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from agentstream.deliberation.position import Position, Stance

__all__ = [
    "AUTHORS_LABEL",
    "OWN_PREVIOUS_LABEL",
    "Contribution",
    "ExpertProfile",
    "Position",
    "Stance",
    "TurnKind",
    "TurnRequest",
    "TurnResult",
    "prose",
    "sentences",
    "whole_sentences",
]

# The label under which a strategy shows an expert its own previous turn.
OWN_PREVIOUS_LABEL = "Your previous answer"
# A turn's machine-readable line ("POSITION: support (confidence 0.80)", "RANKING: …").
_MACHINE_LINE = re.compile(r"^\s*\**\s*(position|ranking)\b", re.IGNORECASE)


def prose(text: str) -> str:
    """A turn's text without its machine-readable POSITION and RANKING lines (its position and
    ranking are data; readers get the words)."""
    return "\n".join(line for line in text.splitlines() if not _MACHINE_LINE.match(line))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, its whitespace flattened."""
    return _SENTENCE_END.split(" ".join(text.split()))


def whole_sentences(text: str, limit: int) -> str:
    """The leading sentences of `text` that fit in `limit` characters, never fewer than one:
    a quote is cut between sentences, not inside one."""
    kept = ""
    for sentence in sentences(text):
        joined = f"{kept} {sentence}".strip()
        if kept and len(joined) > limit:
            break
        kept = joined
    return kept


# The label under which a council's chair is told who wrote each response, one "Response X:
# Name (role)" line each, once the blind ranking is in.
AUTHORS_LABEL = "Authors of the responses"


class TurnKind(StrEnum):
    """What a strategy asks of an expert in a turn."""

    POSITION = "position"  # state (or revise) a position on the query
    ANSWER = "answer"  # answer a moderator's question
    QUESTION = "question"  # moderator: ask one expert a probing question
    CHALLENGE = "challenge"  # devil's advocate: attack the emerging consensus
    RANK = "rank"  # council: rank anonymized contributions
    SYNTHESIS = "synthesis"  # chair / moderator: write the recommendation


@dataclass(frozen=True, slots=True)
class Contribution:
    """A previous contribution an expert is shown (label is anonymous where the strategy says)."""

    label: str
    text: str
    position: Position | None = None
    # What kind of turn it was, where a strategy says (a devil's advocate's CHALLENGE).
    kind: TurnKind | None = None


@dataclass(frozen=True, slots=True)
class ExpertProfile:
    """An expert from the registry: built-in catalog or tenant-defined."""

    agent_id: str
    name: str
    role: str
    persona: str
    model: str | None = None
    # Passages the expert speaks from (its own knowledge), Markdown.
    knowledge: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TurnRequest:
    """One expert turn a strategy wants run."""

    agent_id: str
    kind: TurnKind
    round_number: int
    instruction: str
    visible: tuple[Contribution, ...] = ()
    # The answers the panel chooses between (configuration.options); empty: a proposition.
    options: tuple[str, ...] = ()
    # What a stance is on when there are no options: support or oppose this proposition.
    proposition: str | None = None
    # Turns in the same `wave` of a round do not see each other and may run concurrently.
    wave: int = 0


@dataclass(frozen=True, slots=True)
class TurnResult:
    """What an expert said in a turn."""

    agent_id: str
    kind: TurnKind
    round_number: int
    text: str
    position: Position | None = None
    ranking: tuple[str, ...] = field(default=())  # labels, best first (RANK turns)
    # Source ids of the expert's own passages the turn speaks from.
    citations: tuple[str, ...] = field(default=())
    # The turn was cut short (the panel was cancelled while it spoke).
    incomplete: bool = False
