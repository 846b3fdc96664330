"""Specification of a question of what something brings about ("Does getting FDA clearance
mean insurers have to pay?"): a statement naming the cause that denies the effect answers
no, and a view of the cause alone ("I support a Pre-Submission") is no answer to what it
brings about (cold try c18-r24, #8: the reimbursement expert quoted "it does not make anyone
pay for it" and took no side)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import consequence_sign
from tests.experts.leanings import leaning

CLEARANCE_PAYS = "Does getting FDA clearance mean insurers have to pay for our device?"
LETS_US_SELL = (
    "FDA clearance or approval lets us sell a device; it does not make anyone pay for it."
)


@pytest.mark.parametrize(
    ("question", "statement", "sign"),
    [
        (CLEARANCE_PAYS, LETS_US_SELL, -1),
        ("Will FDA clearance make payers pay for it?", LETS_US_SELL, -1),
        # who does the effect is no effect: "no clinical study unless FDA …" denies FDA
        # nothing of clearing the 510(k)
        (
            "Will a Pre-Submission guarantee that FDA clears our 510(k)?",
            "My default is a 510(k), a Pre-Submission to confirm the predicate, and no clinical "
            "study unless FDA or the technology calls for one.",
            0,
        ),
        # what the effect acts on is not what it does: nothing here is denied of paying
        (
            CLEARANCE_PAYS,
            "Published literature on the predicate can support the comparison, but FDA rarely "
            "accepts literature alone when our device differs in technology.",
            0,
        ),
        # not a question of consequence
        ("Should we get FDA clearance before talking to payers?", LETS_US_SELL, 0),
    ],
)
def test_a_statement_denying_the_effect_of_the_cause_answers_no(
    question: str, statement: str, sign: int
) -> None:
    assert consequence_sign(question, statement) == sign


def test_the_expert_whose_documents_deny_the_effect_opposes(
    experts: dict[str, ExpertProfile],
) -> None:
    position = leaning(experts, "reimbursement_expert", CLEARANCE_PAYS).position
    assert position.stance is Stance.OPPOSE
    assert "it does not make anyone pay for it" in position.summary


def test_a_view_of_the_cause_is_no_answer_to_what_it_brings_about(
    experts: dict[str, ExpertProfile],
) -> None:
    question = "Will a Pre-Submission guarantee that FDA clears our 510(k)?"
    position = leaning(experts, "fda_expert", question).position
    assert position.stance is Stance.NEUTRAL
    assert not position.abstain


@pytest.mark.parametrize("agent_id", ["clinical_expert", "fda_expert"])
def test_documents_that_never_speak_of_the_effect_abstain(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    position = leaning(experts, agent_id, CLEARANCE_PAYS).position
    assert position.abstain
    assert '"insurers"' in (position.reason or "")


def test_a_view_for_the_cause_in_a_statement_is_no_answer_either(
    experts: dict[str, ExpertProfile],
) -> None:
    question = "Will a Pre-Submission guarantee that FDA clears our 510(k)?"
    assert leaning(experts, "clinical_expert", question).position.stance is Stance.NEUTRAL
