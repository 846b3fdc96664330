"""Deterministic routing of a question to the SQL tool, the documents, both, or neither."""

from collections.abc import Sequence
from enum import StrEnum

from agentstream.retrieval.bm25 import SearchHit

# The share of a question's information (its words weighted by idf) a passage must contain to
# answer it. A question that asks for rules names them with words documents use loosely
# ("annual leave" for vacation); any other question must be nearly all there: sharing
# "technicians" and "region" with a leave policy does not answer "how many technicians are in
# the Atlantis region?".
MIN_COVERAGE_FOR_RULES = 0.4
MIN_COVERAGE = 0.8


class Route(StrEnum):
    """Where the orchestrator looks for an answer."""

    SQL = "sql"
    RAG = "rag"
    BOTH = "both"
    NONE = "none"


def answers_question(hits: Sequence[SearchHit], *, asks_rules: bool) -> bool:
    """Whether one of the passages holds enough of what the question asks to answer it."""
    needed = MIN_COVERAGE_FOR_RULES if asks_rules else MIN_COVERAGE
    return any(hit.coverage >= needed for hit in hits)


def choose_route(*, has_query: bool, asks_rules: bool, hits: Sequence[SearchHit]) -> Route:
    """Data questions go to SQL, rules questions to the documents that answer them, questions
    asking both to both; a question nothing answers goes nowhere."""
    answered = answers_question(hits, asks_rules=asks_rules)
    if has_query and asks_rules and answered:
        return Route.BOTH
    if has_query:
        return Route.SQL
    return Route.RAG if answered else Route.NONE
