"""Specification of when an offline expert votes rather than abstains or stays neutral: a
question in other words than its documents' ("roster" for "schedule", "two" for a figure) is
still covered, and a passage that states the proposal or its limit takes a side."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import initial_leaning


@pytest.mark.parametrize(
    ("query", "agent_id"),
    [
        ("Should we change the weekend roster so technicians get two days off?", "safety_expert"),
        ("Should the rota give technicians a Saturday off?", "operations_expert"),
        ("Should we hire two more technicians for the night shift?", "safety_expert"),
    ],
)
def test_one_word_in_other_terms_is_no_reason_to_abstain(
    experts: dict[str, ExpertProfile], query: str, agent_id: str
) -> None:
    leaning = initial_leaning(knowledge_of(experts[agent_id]), query)
    assert not leaning.position.abstain, leaning.position.reason


@pytest.mark.parametrize(
    ("query", "agent_id", "stance", "quoted"),
    [
        (
            "Should overtime be approved by the regional manager?",
            "operations_expert",
            Stance.SUPPORT,
            "Planned overtime is approved by the regional service manager",
        ),
        (
            "Should the roster give every technician 11 hours of rest between shifts?",
            "safety_expert",
            Stance.SUPPORT,
            "[safety_expert/1#2]",
        ),
        (
            "Should technicians work 12-hour shifts three days a week?",
            "safety_expert",
            Stance.OPPOSE,
            "[safety_expert/1#2]",
        ),
    ],
)
def test_a_passage_that_states_the_proposal_or_its_limit_takes_a_side(
    experts: dict[str, ExpertProfile], query: str, agent_id: str, stance: Stance, quoted: str
) -> None:
    leaning = initial_leaning(knowledge_of(experts[agent_id]), query)
    assert leaning.position.stance is stance
    assert quoted in leaning.position.summary
