"""Deterministic routing of a question to the SQL tool, the documents, both, or neither."""

import re
from enum import StrEnum

# Words that ask what the rules are. Topic words ("leave", "overtime") are deliberately absent:
# "how many technicians are on leave?" is a data question about the same topic.
_POLICY_WORDS = re.compile(
    r"\b(polic(y|ies)|rules?|procedures?|allowed|permitted|required|requirements?|must|should|"
    r"entitled|guidelines?|how (do|can|should) (i|we)|can (i|we)|what happens)\b",
    re.IGNORECASE,
)


class Route(StrEnum):
    """Where the orchestrator looks for an answer."""

    SQL = "sql"
    RAG = "rag"
    BOTH = "both"
    NONE = "none"


def choose_route(question: str, *, has_query: bool, has_passages: bool) -> Route:
    """Data questions go to SQL, policy questions to the documents, mixed ones to both."""
    asks_policy = bool(_POLICY_WORDS.search(question))
    if has_query and has_passages and asks_policy:
        return Route.BOTH
    if has_query:
        return Route.SQL
    if has_passages and (asks_policy or not has_query):
        return Route.RAG
    return Route.NONE
