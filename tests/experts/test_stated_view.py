"""Specification of an expert whose documents state its own view for one option ("I support
applying for a Category III code as soon as the device is cleared"): among the options it
chooses that one, quoting the view, before a leaning of its front matter on a neighbouring
topic; a view for one case only counts when the question states that case (cold try c18-r6,
P7: the reimbursement expert chose a National Coverage Determination)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import meets_range, view_case
from agentstream.experts.stance import initial_leaning

MARKET_ACCESS = (
    "Once the device is cleared, which market access step should we fund first: a Category III "
    "CPT code application, a request for a Medicare National Coverage Determination, or a "
    "post-market outcomes study?"
)
STEPS = (
    "Category III CPT code application",
    "Medicare National Coverage Determination",
    "post-market outcomes study",
)


@pytest.mark.parametrize(
    ("statement", "case"),
    [
        ("I support applying for a Category III code as soon as the device is cleared.", None),
        ("I support the 510(k) provided design verification is complete.",
         "design verification is complete"),
        ("For a backlog of more than three weeks I support weekend overtime for the team.",
         "a backlog of more than three weeks"),
        ("If the device is novel, I recommend a De Novo request.", "the device is novel"),
    ],
)  # fmt: skip
def test_a_view_for_one_case_only_names_its_case(statement: str, case: str | None) -> None:
    assert view_case(statement) == case


def test_an_expert_chooses_the_option_its_own_view_backs(
    experts: dict[str, ExpertProfile],
) -> None:
    knowledge = knowledge_of(experts["reimbursement_expert"])
    position = initial_leaning(knowledge, MARKET_ACCESS, STEPS).position
    assert (position.stance, position.option) == (Stance.SUPPORT, STEPS[0])
    assert "I support applying for a Category III code" in position.summary


def test_a_view_for_a_case_the_question_does_not_state_chooses_nothing(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support the 510(k) provided design verification is complete" says nothing of a
    # device without a predicate of the same intended use.
    question = (
        "Our wound-monitoring patch has a new sensing technology and we found no cleared "
        "device with the same intended use. Which premarket pathway should we file?"
    )
    knowledge = knowledge_of(experts["quality_expert"])
    position = initial_leaning(knowledge, question, ("510(k)", "De Novo", "PMA")).position
    assert position.option is None


BACKLOG = (
    "Our north region has a {weeks}-week backlog of urgent and premium work orders. Which lever "
    "should we pull first: targeted overtime, mandatory weekend overtime for all technicians, "
    "or hiring contractors?"
)
LEVERS = (
    "targeted overtime",
    "mandatory weekend overtime for all technicians",
    "hiring contractors",
)


@pytest.mark.parametrize(
    ("weeks", "option"),
    [
        # "For a backlog of more than three weeks I support scheduled weekend overtime for the
        # whole team" is the view for this case, before "I support targeted overtime"
        # (cold try c18-r6, P0).
        (4, LEVERS[1]),
        (2, LEVERS[0]),
    ],
)
def test_a_view_for_the_stated_case_comes_before_a_view_for_every_case(
    experts: dict[str, ExpertProfile], weeks: int, option: str
) -> None:
    knowledge = knowledge_of(experts["operations_expert"])
    position = initial_leaning(knowledge, BACKLOG.format(weeks=weeks), LEVERS).position
    assert position.option == option


@pytest.mark.parametrize(
    ("question", "met"),
    [
        ("Our north region has a 4-week backlog.", True),
        ("We have a 2-week backlog.", False),
        ("The 6-week project.", False),  # no backlog
    ],
)
def test_a_figure_in_the_range_a_case_states_meets_it(question: str, met: bool) -> None:
    assert meets_range(question, "a backlog of more than three weeks") is met
