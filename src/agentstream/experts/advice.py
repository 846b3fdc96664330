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
# Words that ask how to do something, not what: "get ready for", "work down", "the best way".
_ASKING_WORDS = frozenset((
    "get", "ready", "prepare", "handle", "deal", "manage", "approach", "go", "make", "do",
    "work", "down", "best", "way", "ways", "plan", "right", "start", "set", "up", "should",
))  # fmt: skip
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


def advice_statements(knowledge: ExpertKnowledge, question: str) -> list[tuple[str, str]]:
    """(source id, statement) pairs of the expert's documents that advise on the question,
    best first: views before other advice, then those saying most of the question; with no
    advice, what they state of it. A statement speaks of the question by the words of what
    it asks to do that are not of the expert's whole field ("FDA") nor the asking's own
    ("get ready for"): "a study protocol ready to run if FDA asks" is no advice on an FDA
    inspection."""
    asked = [
        word
        for word in subject_words(asking_clause(question))
        if word not in _ASKING_WORDS and word not in knowledge.common
    ]
    wanted = min(MIN_WORDS, len(asked))
    passages = knowledge.relevant_to(question)
    about = [
        (source, statement)
        for source, statement in knowledge.evidence(question, passages, limit=_WEIGHED)
        if wanted
        and knowledge.words_said(" ".join(asked), statement) >= wanted
        and not _for_another_case(question, statement)
    ]
    advising = [pair for pair in about if advises(pair[1])]
    return sorted(
        advising or about,
        key=lambda pair: (not states_view(pair[1]), -knowledge.words_said(question, pair[1])),
    )


def advice_position(found: Sequence[tuple[str, str]], confidence: float) -> Position:
    """No side, with the advice `found` as the reason: what the recommendation reports."""
    quoted = "; ".join(f'"{s.rstrip(".")}" [{source}]' for source, s in found)
    return Position(Stance.NEUTRAL, confidence, f"{ADVICE_STATED}{quoted}.")


def no_advice_reason(knowledge: ExpertKnowledge, question: str) -> str:
    """Why an expert whose documents give no advice on the question abstains."""
    titles = join_labels(list(knowledge.titles)) or "none"
    return f"my documents ({titles}) give no advice on what this question asks"
