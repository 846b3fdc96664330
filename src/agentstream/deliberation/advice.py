"""Questions that ask what to do ("How should we work down a three-week backlog without
wearing out the technicians?"): their answer is the advice the experts' documents give, not a
side of a proposal, so a panel answers them with each expert's advice and its sources instead
of a vote, as it answers a question of figures (`deliberation.figures`).

Plain Python: the framing and the recommendation (panels) and the offline experts read a
question the same way.
"""

import re

from agentstream.deliberation.figures import (
    asking_clause,
    asks_for_figures,
    figures_proposition,
    is_figures_framing,
)

# How a panel frames a question that asks what to do: the proposition nobody votes on.
ADVICE_LEAD = "the advice the experts' documents give on: "
# "How should we …", "How can I …", "How best to …", "What should we do about …", "What is the
# best way to …"; "How many …", "How long …" ask for figures, "How is …" for a fact.
_ASKS_HOW = re.compile(
    r"^\s*(?:(?:so|and|but)\b,?\s*)?"
    r"(?:how\s+(?:should|shall|can|could|do|would|might|must|best)\b"
    r"|what\s+(?:should|shall|can|could|do|would|must)\s+(?:we|i|the\s+\w+)\s+do\b"
    r"|what(?:'s|\s+is|\s+are|\s+would\s+be)\s+the\s+(?:best|right|safest|fastest|cheapest)\s+"
    r"(?:way|ways|approach|plan)\b)",
    re.IGNORECASE,
)


def asks_how(question: str) -> bool:
    """Whether a question asks what to do, not whether to do something, nor for figures."""
    return not asks_for_figures(question) and bool(_ASKS_HOW.search(asking_clause(question)))


def advice_proposition(question: str) -> str:
    """The framing of a question that asks what to do: what the panel answers, with no side
    to take."""
    return f"{ADVICE_LEAD}{question.strip()}"


def is_advice_framing(proposition: str | None) -> bool:
    """Whether a panel's proposition is the framing of a question that asks what to do."""
    return proposition is not None and proposition.startswith(ADVICE_LEAD)


def answering_proposition(question: str) -> str | None:
    """The framing of a question that is answered, not voted on; None for any other."""
    if asks_for_figures(question):
        return figures_proposition(question)
    if asks_how(question):
        return advice_proposition(question)
    return None


def is_answering_framing(proposition: str | None) -> bool:
    """Whether a panel's proposition frames a question answered, not voted on."""
    return is_figures_framing(proposition) or is_advice_framing(proposition)
