"""Questions on night call-outs and on-call work reach the documents that cover them, whatever
form of the words they use (call-out, callout, call out, on-call; night, overnight,
after-hours)."""

import pytest

from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import initial_leaning
from tests.experts.simulation import Simulate

NEXT_MORNING = "Should a technician who handled a night call-out get the next morning off?"
STAFFING = "Should we staff night call-outs with an on-call rotation or subcontractors?"


@pytest.mark.parametrize(
    ("query", "options"),
    [(NEXT_MORNING, ()), (STAFFING, ()), (STAFFING, ("an on-call rotation", "subcontractors"))],
)
def test_the_operations_expert_speaks_on_night_call_outs(
    experts: dict[str, ExpertProfile], query: str, options: tuple[str, ...]
) -> None:
    knowledge = knowledge_of(experts["operations_expert"])
    leaning = initial_leaning(knowledge, query, options)
    assert not leaning.position.abstain, leaning.position.reason
    sections = [chunk.section for chunk in knowledge.relevant_to(query, options)]
    assert sections[0] == "On-call and night call-outs"


@pytest.mark.parametrize(
    "variant",
    [
        "Should a technician who handled an overnight callout get the next morning off?",
        "Should a technician called out at night get the next morning off?",
        "Should a technician who handled an after-hours call out get the next morning off?",
    ],
)
def test_forms_of_call_out_and_night_cover_what_the_usual_form_covers(
    experts: dict[str, ExpertProfile], variant: str
) -> None:
    knowledge = knowledge_of(experts["operations_expert"])
    usual = [chunk.chunk_id for chunk in knowledge.relevant(NEXT_MORNING)]
    assert usual
    assert [chunk.chunk_id for chunk in knowledge.relevant(variant)] == usual


def test_a_case_a_rule_decides_is_argued_from_what_speaks_to_what_is_asked(
    panel: Simulate,
) -> None:
    # Cold try c18-r10: round 2 of "Can he start his planned 08:00 shift?" brought in a
    # subcontractor's site induction, a statement of the call-out's passage beside the point.
    query = (
        "Dave finished an emergency call-out at 03:00 last night. Can he start his planned "
        "08:00 shift this morning as usual?"
    )
    rounds = panel(["operations_expert", "safety_expert"], query, rounds=2)
    for turns in rounds:
        assert "subcontract" not in turns["operations_expert"]
        assert "Dave" not in turns["operations_expert"]
