"""Specification of a rule that a case needs something before an act ("A significant risk
device needs an FDA-approved IDE … before the first subject is enrolled"): a question that
states the case and asks to do the act on another ground is opposed, quoting the rule (cold
try c18-r13, #8: the clinical expert quoted the rule and supported enrolling on IRB approval
alone)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import prerequisite_sign
from tests.experts.leanings import leaning

RULE = (
    "A significant risk device needs an FDA-approved IDE under 21 CFR 812 before the first "
    "subject is enrolled, and FDA approves or disapproves an IDE within 30 days."
)
ON_IRB = (
    "Our implantable stimulator is a significant risk device. Can we start enrolling patients "
    "once the hospital IRB approves the protocol?"
)


@pytest.mark.parametrize(
    ("question", "sign"),
    [
        (ON_IRB, -1),
        # what is needed is named: the rule does not say the act may not go ahead
        ("Our implant is a significant risk device and FDA approved our IDE. Can we start "
         "enrolling patients?", 0),
        # another case, or another act
        ("Our patch is a nonsignificant risk device. Can we start enrolling patients?", 0),
        ("Our implant is a significant risk device. Can we publish the protocol?", 0),
    ],
)  # fmt: skip
def test_the_act_asked_without_what_the_case_needs_first_is_against_it(
    question: str, sign: int
) -> None:
    assert prerequisite_sign(question, RULE) == sign


def test_the_case_is_what_needs_it_in_its_own_clause() -> None:
    # Cold try c18-r14, #10: "a subcontracted technician … needs a site induction before the
    # first job" decided an overtime job for one of our own technicians.
    rule = (
        "Overtime is the cheapest extra capacity we can buy for a few weeks: a subcontracted "
        "technician costs about $85 an hour and needs a site induction before the first job."
    )
    question = (
        "A technician already has 9 overtime hours logged this week. Can dispatch give her a "
        "5-hour Saturday overtime job?"
    )
    assert prerequisite_sign(question, rule) == 0


def test_the_expert_opposes_the_act_quoting_what_is_needed_first(
    experts: dict[str, ExpertProfile],
) -> None:
    position = leaning(experts, "clinical_expert", ON_IRB).position
    assert position.stance is Stance.OPPOSE
    assert "needs an FDA-approved IDE" in position.summary
