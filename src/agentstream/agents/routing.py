"""Deterministic routing of a question to the SQL tool, the documents, both, or neither."""

import re
from collections.abc import Sequence
from enum import StrEnum

from agentstream.agents.clauses import REFERS_BACK
from agentstream.retrieval.bm25 import SearchHit, tokenize, variant_of

# The share of a question's information (its words weighted by idf) a passage must contain to
# answer it. A question that asks for rules names them with words documents use loosely
# ("annual leave" for vacation); any other question naming the data must be all there: sharing
# "technicians" and "region" with a leave policy does not answer "how many technicians are in
# the Atlantis region?", nor "years of service" with it "techs with more than 10 years of
# service" (the rounding aside).
MIN_COVERAGE_FOR_RULES = 0.4
MIN_COVERAGE = 0.99
# A question none of whose words name the data ("minimum rest between shifts", "lockout
# tagout steps") can only be about the documents: most of its information must be there.
MIN_COVERAGE_OFF_DATA = 0.6


class Route(StrEnum):
    """Where the orchestrator looks for an answer."""

    SQL = "sql"
    RAG = "rag"
    BOTH = "both"
    NONE = "none"


# What ends the noun phrase a question asks about ("how many vans do …", "which vans are …").
_PHRASE_END = (
    r"(?:\s+(?:do|does|did|are|is|can|could|will|should|have|has|were|was|may|must|of|for|in"
    r"|per|a|an|the|we|i|you)\b|[?.!]|$)"
)
# "How many vans ...": the noun phrase whose number is asked for.
_QUANTITY = re.compile(rf"\bhow many ((?:[a-z-]+ ){{0,2}}?[a-z-]+?){_PHRASE_END}", re.IGNORECASE)
_ASKING_VERBS = frozenset(
    ("can", "could", "do", "does", "did", "should", "will", "would", "must", "may", "are", "is")
)
# "Which vans ...": the noun phrase whose members are asked for.
_WHICH = re.compile(rf"\bwhich ((?:[a-z-]+ ){{0,2}}?[a-z-]+?){_PHRASE_END}", re.IGNORECASE)


_PARTICLES = frozenset(
    ("off", "left", "remaining", "more", "extra", "free", "now", "then", "altogether", "exactly")
)


def _states_quantity(question: str, hits: Sequence[SearchHit]) -> bool:
    """A "how many X" question is answered by a passage only if it gives a number of X: a van
    policy that says "each technician is assigned a van" does not say how many vans there are."""
    match = _QUANTITY.search(question)
    if match is None:
        return True
    # "how many days off", "how many hours left": the noun before its particle
    words = [w for w in match.group(1).lower().split() if w not in _PARTICLES] or ["?"]
    last = words[-1]
    if REFERS_BACK.fullmatch(last):
        return True  # "how many of them": the previous question's noun, not a new one
    if match.group(1).split()[0].lower() in _ASKING_VERBS:
        return True  # "7 unused days, how many can I carry over?": the noun said before
    noun = last.rstrip("s")
    counted = re.compile(
        rf"\b\d[\d,.]*\s+(?:[\w'-]+\s+){{0,3}}?{re.escape(noun)}s?\b", re.IGNORECASE
    )
    return any(counted.search(hit.chunk.text) for hit in hits)


def _names_members(question: str, hits: Sequence[SearchHit]) -> bool:
    """A "which X" question is answered only by a passage that names X: training refreshers
    "due every 12 months" do not say which vans are due for a service."""
    match = _WHICH.search(question)
    if match is None:
        return True
    # the noun as the index has it ("call-outs" also as "callout", which comes last)
    terms = tokenize(match.group(1).split()[-1])
    noun = terms[-1] if terms else None
    if noun is None or REFERS_BACK.fullmatch(noun):
        return True  # "which of them": the previous question's noun
    return any(any(variant_of(noun, word) for word in tokenize(hit.chunk.text)) for hit in hits)


# "Do premium customers have more work orders than standard ones?": a comparison of amounts.
_COMPARATIVE = re.compile(
    r"\b(more|fewer|less|higher|lower|bigger|larger|greater|smaller)\b.*?\bthan\b",
    re.IGNORECASE,
)


def _states_comparison(question: str, hits: Sequence[SearchHit]) -> bool:
    """A question comparing amounts ("more … than") is answered by a passage only if it makes
    such a comparison: an SLA that names both customer tiers does not say which has more work
    orders."""
    if _COMPARATIVE.search(question) is None:
        return True
    return any(_COMPARATIVE.search(hit.chunk.text) for hit in hits)


def answers_question(
    hits: Sequence[SearchHit],
    *,
    asks_rules: bool,
    question: str = "",
    off_data: bool = False,
    unknown_words: bool = False,
) -> bool:
    """Whether one of the passages holds enough of what the question asks to answer it.
    `unknown_words`: some of the question's words are in no document at all."""
    if asks_rules:
        # Loose wording is allowed only when every word is the documents' own: a word none of
        # them uses may be what the question is about ("notice before resigning", "daily meal
        # allowance"), and a passage sharing the rest answers another question.
        needed = MIN_COVERAGE_OFF_DATA if unknown_words else MIN_COVERAGE_FOR_RULES
    else:
        needed = MIN_COVERAGE_OFF_DATA if off_data else MIN_COVERAGE
    covering = [hit for hit in hits if hit.coverage >= needed and hit.together and hit.distinctive]
    if not covering or not _states_quantity(question, hits):
        return False
    if not _names_members(question, covering):
        return False
    return asks_rules or _states_comparison(question, hits)


def choose_route(
    *,
    has_query: bool,
    asks_rules: bool,
    hits: Sequence[SearchHit],
    question: str = "",
    off_data: bool = False,
    unknown_words: bool = False,
) -> Route:
    """Data questions go to SQL, rules questions to the documents that answer them, questions
    asking both to both; a question nothing answers goes nowhere. `off_data`: none of the
    question's words name the data; `unknown_words`: some are in no document."""
    # When the data answers the question, its "how many" is the data's to answer.
    answered = answers_question(
        hits,
        asks_rules=asks_rules,
        question="" if has_query else question,
        off_data=off_data,
        unknown_words=unknown_words,
    )
    if has_query and asks_rules and answered:
        return Route.BOTH
    if has_query:
        return Route.SQL
    return Route.RAG if answered else Route.NONE
