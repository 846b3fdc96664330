"""Small phrasing helpers shared by the offline expert turns."""

import re
from collections.abc import Sequence

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import ExpertProfile

_VERBS = {
    Stance.SUPPORT: "support",
    Stance.OPPOSE: "oppose",
    Stance.NEUTRAL: "take no firm side on",
}
_ARTICLES = ("the ", "a ", "an ")
# What a neutral voter's documents do: they cover the question (else it abstains) and do not
# settle it; they do speak to it, so "they take no side" would be untrue.
UNSETTLED = "my own documents speak to it without settling it"
# How the reason of a position that a rule for the question's own case decides opens.
CASE_DECIDED = "My own documents decide the case you state"
# How a reason names the option a rule for the question's own case recommends.
CASE_OPTION = 'My own documents point to "{}" for our case'
# A rule whose case the question states in part: the documents do not settle it.
PARTLY_STATED = "My documents do not settle it: you state part of the case a rule of mine names"
# A condition makes a course of action depend on a case: a conditional connective, said of
# what the speaker would do or what is allowed. A limit or a figure a document states ("shifts
# of at most 10 hours", "reviewed within 30 days") is a fact, and a case without an action
# ("if FDA asks, it says so") is a procedure: neither is a condition to meet.
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|provided|as long as|on condition that|"
    r"only (?:when|if|for|after|once|within|with))\b",
    re.IGNORECASE,
)
_ACTION = re.compile(
    r"\b(?:I|[Ww]e|[Aa]cceptable|[Aa]llowed|[Pp]ermitted|[Ss]hould|[Rr]ecommend\w*)\b"
)


def sets_condition(sentence: str) -> bool:
    """Whether a sentence sets a condition that a recommendation depends on."""
    return bool(_CONDITIONAL.search(sentence) and _ACTION.search(sentence))


def as_role(expert: ExpertProfile) -> str:
    """ "As the <role>" (or the expert's name when it has no role): how a turn opens."""
    role = expert.role.strip() or expert.name.strip() or expert.agent_id
    return f"As {role}" if role.lower().startswith(_ARTICLES) else f"As the {role}"


def verb(stance: Stance) -> str:
    """The verb phrase of a stance: "support", "oppose", "take no firm side on"."""
    return _VERBS[stance]


def side(position: Position) -> str:
    """What a position says, as a verb phrase: 'choose "De Novo"', "support it", "abstain"."""
    if position.abstain:
        return "abstain"
    if position.option is not None:
        return f'choose "{position.option}"'
    return f"{verb(position.stance)} it"


def join_labels(labels: Sequence[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C" (or another conjunction: "A or B")."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"


def quoted(text: str, bare: bool = False) -> str:
    """`text` in double quotes without its final stop, after ": " unless `bare`; "" if empty."""
    inner = " ".join(text.replace('"', "'").split()).rstrip(".!?;:")
    if not inner:
        return ""
    return f'"{inner}"' if bare else f': "{inner}"'


def verdict_of(position: Position) -> str:
    """A position as a noun phrase: 'support', 'oppose', 'neutral', '"De Novo"', 'abstains'."""
    if position.abstain:
        return "abstains"
    if position.option is not None:
        return f'"{position.option}"'
    return position.stance.value
