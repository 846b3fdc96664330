"""Specification of an offline expert's reason: it comes from the passage relevant to the
question, not from a document's headline claim on another subject."""

import re

import pytest

from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import initial_leaning

_SOURCE = re.compile(r"\[([^\[\]\s]+/[^\[\]\s]+)\]")


@pytest.mark.parametrize(
    ("query", "agent_id"),
    [
        ("Do subcontractors need site inductions?", "operations_expert"),
        ("Do subcontractors need site inductions?", "finance_expert"),
        ("Should overtime be approved by the regional manager?", "customer_expert"),
        ("Is a Pre-Submission worth it for a Special 510(k)?", "quality_expert"),
    ],
)
def test_a_reason_cites_a_passage_relevant_to_the_question(
    experts: dict[str, ExpertProfile], query: str, agent_id: str
) -> None:
    knowledge = knowledge_of(experts[agent_id])
    leaning = initial_leaning(knowledge, query)
    claims = {topic.claim for topic in knowledge.topics}
    assert leaning.position.summary not in claims
    cited = set(_SOURCE.findall(leaning.position.summary))
    assert cited and cited <= {chunk.chunk_id for chunk in leaning.passages}


def test_a_question_naming_the_topic_gets_the_topics_claim(
    experts: dict[str, ExpertProfile],
) -> None:
    knowledge = knowledge_of(experts["safety_expert"])
    leaning = initial_leaning(knowledge, "Should we make weekend overtime mandatory?")
    assert leaning.position.summary.startswith("Mandatory weekend overtime for the whole team")


def test_a_quoted_clause_is_never_cut_inside_a_list_of_words(
    experts: dict[str, ExpertProfile],
) -> None:
    """ "I accept targeted" was quoted of "I accept targeted, voluntary overtime for specific
    urgent work" (own try after cold try c18-r6)."""
    options = (
        "targeted overtime for urgent tickets",
        "weekend overtime for the whole team",
        "subcontractors",
    )
    question = "Our backlog has now lasted 5 weeks. What should we do this month?"
    position = initial_leaning(knowledge_of(experts["safety_expert"]), question, options).position
    assert position.option == options[0]
    assert '"I accept targeted, voluntary overtime for specific urgent work"' in position.summary
