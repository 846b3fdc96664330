"""An offline expert's answer to a question that asks for figures (`deliberation.figures`):
the statements of its documents that state them, cited, and no side; with none, it abstains.

A statement states an asked figure when it holds a figure of the asked measure (a sum of money,
a span of time, a number of what is counted, "30 to 150 subjects") and speaks of the question's
subject: "50,000 to 150,000 dollars" for a quality system is no budget for a clinical study.
"""

import re
from collections.abc import Sequence

from agentstream.agents.rates import in_all, work_out_rates
from agentstream.deliberation.figures import (
    Asked,
    Measure,
    counted_parts,
    figures_asked,
    without_asking,
)
from agentstream.deliberation.position import Position, Stance
from agentstream.experts.knowledge import (
    MIN_WORDS,
    OBJECTLESS_VERBS,
    SITUATION_VERBS,
    SYNONYMS,
    ExpertKnowledge,
    subject_words,
)
from agentstream.experts.polarity import CLAUSE
from agentstream.experts.wording import join_labels
from agentstream.retrieval.bm25 import tokenize, variant_of

# The figures a first turn quotes at most: the answer, not every number its documents hold;
# later rounds bring the others one at a time.
FIGURES_PER_TURN = 3
FIGURES_CONFIDENCE = 0.5
# How the reason of a position that quotes figures opens.
FIGURES_STATED = "The figures my documents state: "
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SPAN = rf"{_NUMBER}(?:\s*(?:to|-|–|and)\s*{_NUMBER})?"
MONEY = re.compile(
    rf"\$\s?{_NUMBER}|\b{_SPAN}\s*(?:million|thousand|k)?\s*(?:dollars|euros|pounds|usd|eur)\b"
    # a share of a sum: "a service credit of 5% of the monthly service fee"
    rf"|\b{_NUMBER}\s?%\s+of\s+(?:the|a|an|that|this|its|their)?\s*(?:[\w'-]+\s+){{0,3}}?"
    r"(?:fee|fees|price|cost|costs|budget|pay|salary|revenue|contract|invoice|bill)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"\b{_SPAN}(?:\s+|-)(?:minutes?|hours?|days?|weeks?|months?|years?)\b", re.IGNORECASE
)
_COUNTED = re.compile(rf"\b{_SPAN}((?:\s+[\w()'-]+){{1,4}})")
# What an abstention names as the figure its documents do not state.
_ASKED_FOR = {
    Measure.MONEY: "what it costs",
    Measure.DURATION: "how long it takes",
}


_PER_PERIOD = re.compile(r"\b(?:a|an|per|each|every)\s+(week|month|day|year|shift)\b", re.I)


def states(asked: Asked, statement: str) -> bool:
    """Whether a statement holds a figure of the asked measure: money, a span of time, or a
    number followed, within four words, by every word of what is counted ("12 overtime
    hours", "11 consecutive hours"; "24 hours in advance" counts no overtime hours) but a
    word saying it is more ("extra hours"), what it is counted of said anywhere in the
    statement ("120 hours a week, about 30 percent more capacity" of hours of capacity)."""
    if asked.measure is Measure.MONEY:
        return MONEY.search(statement) is not None
    if asked.measure is Measure.DURATION:
        return _DURATION.search(statement) is not None
    named, of = counted_parts(asked.counted)
    counted = [term for word in named for term in tokenize(word)]
    if not counted or not _says_all(of, tokenize(statement)):
        return False
    # a count per period ("how many extra hours a week") is stated per that period: "within
    # 2 hours" of a response target is no hours a week
    period = _PER_PERIOD.search(asked.about)
    if period is not None and not re.search(rf"\b{period.group(1)}", statement, re.IGNORECASE):
        return False
    following = (tokenize(match.group(1)) for match in _COUNTED.finditer(statement))
    return any(_says_all(counted, words) for words in following)


def _says_all(words: Sequence[str], said: Sequence[str]) -> bool:
    """Whether every word (its terms, in any form) is among the terms `said`."""
    terms = [term for word in words for term in tokenize(word)]
    # A document counts what a question counts in its own word ("subjects" of "patients").
    return all(
        any(variant_of(term, other) or SYNONYMS.get(term) == other for other in said)
        for term in terms
    )


def figure_statements(knowledge: ExpertKnowledge, question: str) -> list[tuple[str, str]]:
    """(source id, statement) pairs of the expert's documents that state a figure the question
    asks for and speak of its subject, best first: those stating most of the asked figures,
    then those saying most of the question ("we update the customer at least every 2 hours
    while a ticket is escalated" before a response time, for how often to update). Every
    passage is searched: a figure is often stated in a list of limits whose other words do
    not cover the question ("… and no more than 12 overtime hours a week")."""
    asked = figures_asked(question)
    found = knowledge.evidence(question, knowledge.chunks, limit=len(knowledge.chunks) * 4)
    answered: dict[str, set[Measure]] = {}
    for source, statement in found:
        for one in asked:
            if _answers(knowledge, question, one, source, statement):
                answered.setdefault(source, set()).add(one.measure)
    stating = [
        (
            sum(_answers(knowledge, question, one, source, statement) for one in asked)
            or _goes_on(asked, answered.get(source, set()), statement),
            source,
            statement,
        )
        for source, statement in found
    ]
    ranked = [
        (source, statement)
        for _, source, statement in sorted(
            (entry for entry in stating if entry[0]),
            key=lambda entry: (-entry[0], -knowledge.words_said(question, entry[2])),
        )
    ]
    # each asked figure's most direct statement comes first ("An overtime hour … costs about
    # $60" for what one overtime hour costs), so a turn's first quotes answer every part
    # (said in the clause that states it: "$85 an hour" is a subcontracted technician's)
    if len(asked) == 1:
        return ranked  # one figure asked: the ranking already puts its best first
    direct = [
        max(
            answering,
            key=lambda pair: (
                knowledge.words_said(one.about, _stating_clause(one, pair[1])),
                knowledge.words_said(question, pair[1]),
            ),
        )
        for one in asked
        if (answering := [p for p in ranked if _answers(knowledge, question, one, *p)])
    ]
    return list(dict.fromkeys([*direct, *ranked]))


def _stating_clause(asked: Asked, statement: str) -> str:
    """The clause of a statement that states the asked figure (the statement if none alone
    does)."""
    return next((clause for clause in CLAUSE.split(statement) if states(asked, clause)), statement)


def _goes_on(asked: Sequence[Asked], answered: set[Measure], statement: str) -> int:
    """How many other asked figures a statement states in a passage that states one of them
    for the question's subject: it goes on about that subject ("Building an ISO 13485 system
    takes 6 to 12 months … A typical first-year cost … is 50,000 to 150,000 dollars")."""
    if not answered or _SET_APART.search(statement):
        return 0
    return sum(states(one, statement) for one in asked if one.measure not in answered)


_QUALIFIER = re.compile(r"\b(?:of|for|to|with|that|which|in|on)\b", re.IGNORECASE)
# The share of the subject's words a passage must say for a sentence of it that says one
_MOST = 0.6
# "A PMA pivotal trial is a different scale: …": a figure of something set apart from the case
_SET_APART = re.compile(
    r"^(?P<head>.*?)\b(?:is|are)\s+(?:a\s+|an\s+)?(?:different|another|other)\b"
    r"|\b(?:by|in)\s+contrast\b|\bunlike\b",
    re.IGNORECASE,
)


def _answers(
    knowledge: ExpertKnowledge, question: str, asked: Asked, source: str, statement: str
) -> bool:
    """Whether a statement states the asked figure of what its clause names (two of its
    words, or its one word), or, for a clause that names nothing of its own ("how much
    should we budget for it", "how long does it take and what does it cost to set up …"),
    of the question's subject: "50,000 to 150,000 dollars" for a quality system is no price
    of a Pre-Submission, and a code that "takes 18 months" is no quality system's set-up."""
    subject = _subject(asked.about) or _subject(without_asking(question))
    wanted = min(MIN_WORDS, len(subject))
    if not states(asked, statement):
        return False
    apart = _SET_APART.search(statement)
    named = subject_words(apart.group("head") or "") if apart else []
    if apart is not None and knowledge.words_said(" ".join(named), question) < len(named):
        return False  # of something the question does not name ("a PMA pivotal trial")
    said = knowledge.words_said(" ".join(subject), statement)
    # a sentence of a passage about the subject says its figure of it ("Studies that support
    # a 510(k) … Enrolment takes 6 to 9 months …, so a study takes 12 to 18 months")
    if said >= wanted:
        return True
    # what it is of, before what qualifies it ("study" of "a clinical study of about 100
    # patients"), said by the sentence itself
    head = _subject(_QUALIFIER.split(asked.about, maxsplit=1)[0])
    in_passage = sum(knowledge.passage_says(source, [word]) for word in subject)
    return (
        bool(head)
        and knowledge.words_said(head[-1], statement) > 0
        and in_passage > wanted
        and in_passage >= _MOST * len(subject)
    )


def _subject(text: str) -> list[str]:
    """What a figure is of: the subject words of a text but the verbs that name no object
    ("take" of "how long does it take") and those of the asker's situation ("need" of "how
    many patients would it need")."""
    return [
        word
        for word in subject_words(text)
        if word not in OBJECTLESS_VERBS and word not in SITUATION_VERBS
    ]


def worked_out(question: str, found: Sequence[tuple[str, str]]) -> str:
    """The rates the quoted statements set worked out for the counts the question gives
    ("4 urgent and 3 high response targets" at 5% and 2%, capped at 25%, of "$9,000 a month"
    is $2,250), as a sentence; "" when they set none for them: an amount owed is answered by
    the sum, not left to the asker."""
    quoted = [statement for _, statement in found]
    worked = work_out_rates(question, quoted)
    total = in_all(question, worked, quoted)
    said = "; ".join([w.sentence for w in worked] + ([total] if total else []))
    return f"Worked out for your case: {said}." if said else ""


def figures_position(found: Sequence[tuple[str, str]], question: str) -> Position:
    """No side, with the figures `found`, and what they come to for the question's case, as
    the reason: what the recommendation reports."""
    quoted = "; ".join(f'"{s.rstrip(".")}" [{source}]' for source, s in found)
    summary = " ".join(filter(None, (f"{FIGURES_STATED}{quoted}.", worked_out(question, found))))
    return Position(Stance.NEUTRAL, FIGURES_CONFIDENCE, summary)


def no_figures_reason(knowledge: ExpertKnowledge, question: str) -> str:
    """Why an expert whose documents state none of the asked figures abstains."""
    titles = ", ".join(knowledge.titles) or "none"
    wanted = [
        f"how many {' '.join(one.counted)}"
        if one.measure is Measure.COUNT
        else _ASKED_FOR[one.measure]
        for one in figures_asked(question)
    ]
    return f"my documents ({titles}) state no figure on {join_labels(wanted, 'or')}"
