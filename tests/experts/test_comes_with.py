"""Specification of what a case all but always comes with: "A PMA must show a reasonable
assurance of safety and effectiveness, almost always with a pivotal clinical trial" decides
going for a PMA without a clinical trial (against) and whether a PMA needs one (for), in the
acronym or its long form; the FDA expert used to support skipping the trial on its 510(k)
default."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import comes_with
from tests.experts.leanings import leaning

PMA = (
    "A PMA must show a reasonable assurance of safety and effectiveness, almost always with a "
    "pivotal clinical trial."
)


@pytest.mark.parametrize(
    ("proposal", "sign"),
    [
        ("Can we go for a PMA without running a clinical trial?", -1),
        ("Does a PMA need a pivotal clinical trial?", 1),
        ("Can we file a 510(k) without a clinical trial?", 0),  # another case
        ("Can we go for a PMA without an advisory panel?", 0),  # not what it comes with
    ],
)
def test_what_a_case_comes_with_decides_going_without_it(proposal: str, sign: int) -> None:
    assert comes_with(proposal, PMA) == sign


@pytest.mark.parametrize(
    ("question", "stance"),
    [
        ("Can we go for premarket approval without running a clinical trial?", Stance.OPPOSE),
        ("Can a PMA be approved without a clinical trial?", Stance.OPPOSE),
        ("Does a PMA need a pivotal clinical trial?", Stance.SUPPORT),
    ],
)
def test_the_fda_expert_holds_a_pma_to_its_pivotal_trial(
    experts: dict[str, ExpertProfile], question: str, stance: Stance
) -> None:
    position = leaning(experts, "fda_expert", question).position
    assert position.stance is stance
    assert "almost always with a pivotal clinical trial" in position.summary
