"""Specification of a rule that allows an option only in one case ("I use them only for
specialist work or when the backlog is expected to last more than six weeks"): when the
question states that case, the rule picks the option it allows; it never stands as a reason
for the other one (cold try c18-r12: operations chose overtime for ten weeks of specialist
work, quoting that very rule)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import allowance_met, allowance_sign, allowed_use
from tests.experts.leanings import leaning

SPECIALIST = (
    "We have ten weeks of specialist electrical work queued. Should we pay overtime instead of "
    "hiring subcontractors?"
)
OPTIONS = ("pay overtime", "hiring subcontractors")


def test_the_rule_names_its_case_and_what_it_allows() -> None:
    rule = allowed_use(
        "Subcontracted technicians cost more per hour, so I use them only for specialist work "
        "or when the backlog is expected to last more than six weeks."
    )
    assert rule == (
        "specialist work or when the backlog is expected to last more than six weeks",
        "Subcontracted technicians cost more per hour, so I use them ",
    )
    assert allowed_use("Overtime is the fastest lever I have.") is None


@pytest.mark.parametrize(
    ("question", "met"),
    [
        ("We have ten weeks of specialist electrical work queued.", True),
        ("Our backlog will last about ten weeks.", True),
        ("Our backlog will last about two weeks.", False),
        ("We have two weeks of routine maintenance queued.", False),
    ],
)
def test_any_alternative_of_the_case_meets_it(question: str, met: bool) -> None:
    case = "specialist work or when the backlog is expected to last more than six weeks"
    assert allowance_met(question, case) is met


@pytest.mark.parametrize("agent_id", ["operations_expert", "finance_expert"])
def test_the_case_a_rule_allows_an_option_in_picks_it(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    position = leaning(experts, agent_id, SPECIALIST, OPTIONS).position
    assert position.option == "hiring subcontractors"
    assert "only for specialist" in position.summary


def test_outside_that_case_the_rule_picks_nothing(experts: dict[str, ExpertProfile]) -> None:
    query = (
        "We have two weeks of routine maintenance queued. Should we pay overtime instead of "
        "hiring subcontractors?"
    )
    position = leaning(experts, "operations_expert", query, OPTIONS).position
    assert position.option != "hiring subcontractors"
    assert "only for specialist" not in position.summary


def test_a_figure_outside_every_case_the_rule_allows_is_against_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r14, #4: "a backlog we expect to be gone in about two weeks" is no backlog
    # "expected to last more than six weeks"; "Is it a mistake …" asks for the opposite.
    rule = (
        "Subcontracted technicians cost more per hour, so I use them only for specialist work "
        "or when the backlog is expected to last more than six weeks."
    )
    proposal = "Bring in subcontracted technicians for a backlog we expect to be gone in two weeks."
    assert allowance_sign(proposal, rule) == -1
    assert allowance_sign("Bring them in for ten weeks of specialist work.", rule) == 1
    query = (
        "Is it a mistake to bring in subcontracted technicians for a backlog we expect to be "
        "gone in about two weeks?"
    )
    assert leaning(experts, "operations_expert", query).position.stance is Stance.SUPPORT


# Cold try c18-r21, #7: four weeks of work that needs no specialist skills is neither case of
# "only for specialist work or when the backlog is expected to last more than six weeks".
NO_SPECIALIST = (
    "The backlog should last about four more weeks and none of it needs specialist skills. "
    "Shouldn't we just bring in subcontracted technicians to work through it?"
)


@pytest.mark.parametrize(
    "statement",
    [
        "Subcontracted technicians cost more per hour, so I use them only for specialist work "
        "or when the backlog is expected to last more than six weeks.",
        "A subcontractor is worth its rate only for specialist skills.",
    ],
)
def test_a_rule_whose_every_case_the_question_rules_out_weighs_against_it(statement: str) -> None:
    assert allowance_sign(NO_SPECIALIST, statement) == -1


@pytest.mark.parametrize("agent_id", ["operations_expert", "finance_expert"])
def test_subcontractors_for_work_that_needs_no_specialist_skills_are_opposed(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    position = leaning(experts, agent_id, NO_SPECIALIST).position
    assert position.stance is Stance.OPPOSE, position.summary
