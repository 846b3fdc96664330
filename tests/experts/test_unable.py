"""Specification of a statement of what something cannot do, on a proposal that brings that
thing in: "a subcontracted technician needs a site induction first and cannot reach an urgent
ticket within 2 hours" weighs against handing night call-outs to an outside contractor (cold
try c18-r25, #6: the operations expert quoted it and took no side, so the panel gave no
recommendation on a question its documents decide)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from tests.experts.leanings import leaning


@pytest.mark.parametrize(
    ("question", "stance", "way"),
    [
        (
            "Should we hand our night call-outs to subcontracted technicians?",
            Stance.OPPOSE,
            "against",
        ),
        (
            "Should we hand our night emergency calls to an outside contractor?",
            Stance.OPPOSE,
            "against",
        ),
        # the question asks for the proposal's opposite
        (
            "Should we not hand our night emergency calls to an outside contractor?",
            Stance.SUPPORT,
            "for",
        ),
    ],
)
def test_what_cannot_do_the_work_is_no_one_to_bring_in_for_it(
    experts: dict[str, ExpertProfile], question: str, stance: Stance, way: str
) -> None:
    position = leaning(experts, "operations_expert", question).position
    assert position.stance is stance
    assert position.summary.startswith(f"My own documents weigh {way} it")
    assert "cannot reach an urgent ticket within 2 hours" in position.summary


def test_a_contractor_is_the_documents_subcontracted_technician(
    experts: dict[str, ExpertProfile],
) -> None:
    knowledge = knowledge_of(experts["operations_expert"])
    assert knowledge.words_said("an outside contractor", "a subcontracted technician") == 1


def test_what_only_needs_something_first_is_not_unable(experts: dict[str, ExpertProfile]) -> None:
    # "need site inductions before their first job" delays a subcontractor; for a backlog of
    # two months the documents allow them
    question = (
        "Should we bring in subcontracted technicians to clear a backlog we expect to last "
        "about two months?"
    )
    assert leaning(experts, "operations_expert", question).position.stance is not Stance.OPPOSE
