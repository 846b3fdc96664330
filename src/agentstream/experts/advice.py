"""An offline expert's answer to a question that asks what to do (`deliberation.advice`): the
statements of its documents that advise on it, cited, and no side; with none, it abstains.

A statement advises when it states the expert's own view ("Mandatory overtime is worse than
voluntary overtime …", "I support targeted overtime …"), a rule that holds in a case ("If …,
…", "… when …"), or what to do or not ("should", "never", "only", "pays when"), and speaks
of the question: two of its subject words. A view held only in a case the question's own
figures fall outside ("for a backlog of more than three weeks" of a one-week backlog) is advice
for another case.
"""

import re
from collections.abc import Sequence

from agentstream.deliberation.figures import asking_clause
from agentstream.deliberation.position import Position, Stance
from agentstream.experts.knowledge import MIN_WORDS, ExpertKnowledge, subject_words
from agentstream.experts.polarity import cases, meets_range, states_view, view_case
from agentstream.experts.wording import join_labels
from agentstream.quantities import figures

ADVICE_PER_TURN = 2
# How the reason of a position that gives advice opens.
ADVICE_STATED = "What my documents advise: "
_ADVISING = re.compile(
    r"\b(?:should|must|never|always|only|avoid|pays?\s+(?:when|for|off)|fastest|cheapest|"
    r"safest|best|better|worse|worth|recommend\w*|prefer\w*)\b",
    re.IGNORECASE,
)
# Words that ask how to do something, not what: "get ready for", "work down", "make sure".
_ASKING_WORDS = frozenset((
    "get", "ready", "prepare", "handle", "deal", "manage", "approach", "go", "make", "do",
    "work", "down", "best", "way", "ways", "plan", "right", "start", "set", "up", "should",
    "sure", "ensure", "enough", "we", "i", "our", "us", "the", "a", "an", "to", "about",
    "with", "it", "this", "that", "can", "could", "would", "must", "might",
))  # fmt: skip
# How a question asks what to do: "How should we", "What is the best way to".
_HOW = re.compile(
    r"^\s*(?:how|what(?:'s|\s+is|\s+are|\s+would\s+be)?)\b(?:\s+(?:should|shall|can|could|"
    r"do|would|might|must|best|is|the|best|right|way|ways|to|we|i))*",
    re.IGNORECASE,
)
# How many statements, best first, are weighed for the advice.
_WEIGHED = 12


def advises(statement: str) -> bool:
    """Whether a statement says what to do: a view of the expert's own, a rule for a case,
    or words of advice."""
    return (
        states_view(statement) or cases(statement) is not None or bool(_ADVISING.search(statement))
    )


def _for_another_case(question: str, statement: str) -> bool:
    """Whether a view holds only in a case with a figure the question's falls outside."""
    case = view_case(statement)
    return (
        case is not None
        and bool(figures(case))
        and bool(figures(question))
        and not meets_range(question, case)
    )


def advice_subject(question: str) -> str:
    """What a question asks what to do about, in its own words: its asking clause without
    the words that ask how ("make sure technicians get enough rest between shifts" is about
    technicians' rest between shifts)."""
    words = re.findall(r"[\w()'-]+", _HOW.sub("", asking_clause(question), count=1))
    return " ".join(w for w in words if w.lower() not in _ASKING_WORDS)


def advice_statements(knowledge: ExpertKnowledge, question: str) -> list[tuple[str, str]]:
    """(source id, statement) pairs of the expert's documents that advise on the question,
    best first: those saying most of the question, then advice before what is only stated,
    views first. A statement, read under its section's heading, speaks of the question by the
    words of what
    it asks to do that are not of the expert's whole field ("FDA"), or by those words when
    all of them are ("our 510(k) submission"): "a study protocol ready to run if FDA asks"
    is no advice on an FDA inspection."""
    subject = advice_subject(question)
    # a count in the case ("3 missed urgent targets") is a detail of it, not what it is about
    asked = [word for word in subject_words(subject) if not word.isdigit()]
    specific = [word for word in asked if word not in knowledge.common] or asked
    wanted = min(MIN_WORDS, len(specific))
    passages = knowledge.relevant_to(subject)
    about = [
        (source, statement)
        for source, statement in knowledge.evidence(subject, passages, limit=_WEIGHED)
        if wanted
        and knowledge.words_said(" ".join(specific), knowledge.under_heading(source, statement))
        >= wanted
        and not _for_another_case(question, statement)
    ]
    return sorted(
        about,
        key=lambda pair: (
            -knowledge.words_said(subject, pair[1]),
            not advises(pair[1]),
            not states_view(pair[1]),
        ),
    )


def advice_position(found: Sequence[tuple[str, str]], confidence: float) -> Position:
    """No side, with the advice `found` as the reason: what the recommendation reports."""
    quoted = "; ".join(f'"{s.rstrip(".")}" [{source}]' for source, s in found)
    return Position(Stance.NEUTRAL, confidence, f"{ADVICE_STATED}{quoted}.")


def no_advice_reason(knowledge: ExpertKnowledge, question: str) -> str:
    """Why an expert whose documents give no advice on the question abstains."""
    titles = join_labels(list(knowledge.titles)) or "none"
    return f"my documents ({titles}) give no advice on what this question asks"
