"""Specification: an expert takes no option from a default that holds only in a case the
question does not state, orders options as its rules do, and takes no side against a rule
whose case the question states in part (after cold try c18-r10)."""

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.wording import PARTLY_STATED
from tests.experts.leanings import leaning

NO_PREDICATE = (
    "No legally marketed predicate exists for our wearable sleep apnea monitor. Should we file "
    "a De Novo request instead of a 510(k)?"
)
STUDY_OR_WAIT = (
    "Should we run a clinical study right away or wait for Pre-Submission feedback from FDA?"
)
STUDY_OPTIONS = ("run a clinical study right away", "wait for Pre-Submission feedback from FDA")
NEW_SENSING = (
    "Our device uses a different sensing technology from the predicate. Can we skip clinical "
    "data for the 510(k)?"
)


def test_a_default_held_in_an_unstated_case_chooses_no_option_for_a_stated_one(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support a 510(k) when design verification is complete": the question states another
    # case, one with no predicate at all.
    position = leaning(experts, "quality_expert", NO_PREDICATE, ("De Novo request", "510(k)"))
    assert position.position.option is None and not position.position.abstain


def test_a_rule_that_starts_enrolment_after_a_pre_submission_puts_the_pre_submission_first(
    experts: dict[str, ExpertProfile],
) -> None:
    # "If a Pre-Submission shows that FDA expects clinical data, we start enrolment …"
    position = leaning(experts, "clinical_expert", STUDY_OR_WAIT, STUDY_OPTIONS).position
    assert position.option == STUDY_OPTIONS[1]


def test_a_case_stated_in_part_leaves_no_default_against_its_rule(
    experts: dict[str, ExpertProfile],
) -> None:
    # "FDA asks for clinical data … when technological differences raise questions that bench
    # testing cannot answer": a different sensing technology may be that case.
    position = leaning(experts, "fda_expert", NEW_SENSING).position
    assert position.stance is Stance.NEUTRAL and not position.abstain
    assert position.summary.startswith(PARTLY_STATED)
    assert "technological differences" in position.summary


def test_a_case_stated_in_whole_is_still_decided(experts: dict[str, ExpertProfile]) -> None:
    query = (
        "Our device adds a new indication for use that the predicate was never cleared for. "
        "Can we file the 510(k) on bench testing alone, without clinical data?"
    )
    assert leaning(experts, "fda_expert", query).position.stance is Stance.OPPOSE
