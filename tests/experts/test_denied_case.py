"""Specification of a question that denies the case a passage's condition names: "the closest
predicate has a different intended use" against "If a predicate with the same intended use
exists, I recommend a 510(k)". The expert's own rule does not recommend the option for this
case, so it does not choose it (cold try c18-r6, P3: it chose "510(k)" quoting that rule)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import (
    case_reading,
    case_sign,
    negated_words,
    qualifies_contrarily,
)
from agentstream.experts.stance import initial_leaning

RULE = "If a predicate with the same intended use exists, I recommend a 510(k)."
SAME_USE = "a predicate with the same intended use exists"
DIFFERENT_USE = "The closest predicate for our sleep apnea monitor has a different intended use."


@pytest.mark.parametrize(
    ("question", "contrary"),
    [
        (DIFFERENT_USE, True),
        ("Our intended use is another one than the predicate's.", False),  # not qualified
        ("Our device has the same intended use as the predicate.", False),
        # Called both, it is not called the contrary only.
        ("It has a new sensor but the same intended use.", False),
    ],
)
def test_a_thing_called_different_is_not_the_thing_called_the_same(
    question: str, contrary: bool
) -> None:
    assert qualifies_contrarily(question, SAME_USE) is contrary


@pytest.mark.parametrize(
    ("question", "reading"),
    [
        (DIFFERENT_USE, -1),
        ("No predicate exists for our monitor.", 0),  # says too little of the case
        ("A predicate with the same intended use exists for our monitor.", 1),
        ("We found no predicate with the same intended use.", -1),
    ],
)
def test_a_question_states_denies_or_leaves_a_condition(question: str, reading: int) -> None:
    assert case_reading(question, SAME_USE) == reading


def test_the_rule_for_a_denied_case_weighs_against_its_recommendation() -> None:
    assert case_sign(f"{DIFFERENT_USE} Should we file a 510(k)?", RULE) == -1
    # Another statement's several cases are not its rule of choice: denying one says nothing.
    several = "FDA asks for clinical data when the device has a new indication, or when X."
    assert case_sign("Our device has no new indication. Can we skip clinical data?", several) == 0


@pytest.mark.parametrize(
    ("question", "options", "stance", "option"),
    [
        (f"{DIFFERENT_USE} Should we file a De Novo request instead of a 510(k)?",
         ("De Novo request", "510(k)"), Stance.SUPPORT, "De Novo request"),
        (f"{DIFFERENT_USE} Should we file a 510(k)?", (), Stance.OPPOSE, None),
    ],
)  # fmt: skip
def test_an_expert_does_not_choose_what_its_rule_leaves_out_for_the_case(
    experts: dict[str, ExpertProfile],
    question: str,
    options: tuple[str, ...],
    stance: Stance,
    option: str | None,
) -> None:
    position = initial_leaning(knowledge_of(experts["fda_expert"]), question, options).position
    assert (position.stance, position.option) == (stance, option)
    assert "same intended use exists" in position.summary


def test_of_three_pathways_the_denied_one_is_not_the_default(
    experts: dict[str, ExpertProfile],
) -> None:
    question = f"{DIFFERENT_USE} Which premarket pathway should we take?"
    options = ("510(k)", "De Novo", "PMA")
    position = initial_leaning(knowledge_of(experts["fda_expert"]), question, options).position
    assert position.option != "510(k)"
    # A neutral vote says which option the rule leaves out, and by which rule.
    assert position.option is not None or (
        'rule out "510(k)"' in position.summary and "same intended use exists" in position.summary
    )


NOT_FOUND = (
    "Our wearable ECG patch uses a sensing approach nobody has on the market and we can't find "
    "a predicate; it's moderate risk. Which route should we take?"
)


def test_a_thing_the_question_cannot_find_does_not_exist_for_its_case(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r13, #2: "predicate" is a word of the whole FDA field, and "uses a sensing
    # approach" shares "use" with "the same intended use"; the rule still does not hold.
    knowledge = knowledge_of(experts["fda_expert"])
    assert knowledge.case_fit(NOT_FOUND, SAME_USE) == -1
    position = initial_leaning(knowledge, NOT_FOUND, ("De Novo", "510(k)", "PMA")).position
    assert position.option == "De Novo"
    # The rule for the case it states, not only the one it denies.
    assert "When no predicate exists but the device is low to moderate risk" in position.summary


def test_a_rule_for_the_case_a_question_denies_takes_no_side(
    experts: dict[str, ExpertProfile],
) -> None:
    # cold try c18-r20, #7 (and c18-r17): "A significant risk device needs an FDA-approved IDE"
    # is no requirement of a nonsignificant risk study
    question = (
        "Our feasibility study at two hospitals is nonsignificant risk. Do we need FDA to "
        "approve an IDE before we enrol the first patient?"
    )
    assert "significant" in negated_words(question)[1]
    position = initial_leaning(knowledge_of(experts["clinical_expert"]), question).position
    # and what the case does need (IRB approval alone) says no (cold try c18-r21, #10)
    assert position.stance is Stance.OPPOSE
    assert "A nonsignificant risk study only needs approval" in position.summary


@pytest.mark.parametrize(
    ("question", "stance"),
    [
        # cold try c18-r21, #10
        ("Do we need an FDA-approved IDE before the first patient is enrolled in a study that "
         "the sponsor has judged nonsignificant risk?", Stance.OPPOSE),
        ("Can a nonsignificant risk study start with IRB approval alone?", Stance.SUPPORT),
        ("Our nonsignificant risk study: can we start it without an IDE?", Stance.SUPPORT),
        ("Our nonsignificant risk study: do we need IRB approval?", Stance.SUPPORT),
        # FDA approval is not approval from the institutional review board
        ("Does our nonsignificant risk study need FDA approval?", Stance.OPPOSE),
        ("Can we run the nonsignificant risk study without IRB approval?", Stance.OPPOSE),
        # the rule is of another case: a significant risk device needs the IDE
        ("Our implant is significant risk. Can we start the study without an IDE?",
         Stance.OPPOSE),
    ],
)  # fmt: skip
def test_what_a_case_only_needs_decides_whether_it_needs_something_else(
    experts: dict[str, ExpertProfile], question: str, stance: Stance
) -> None:
    position = initial_leaning(knowledge_of(experts["clinical_expert"]), question).position
    assert position.stance is stance


# Cold try c18-r24 (#9): doubting the predicate is not denying that one exists; the FDA
# expert chose the Pre-Submission for the reason that a predicate is what a 510(k) needs.
def test_a_doubt_does_not_deny_what_it_doubts() -> None:
    stated, denied = negated_words("We are not sure the predicate we picked is the right one.")
    assert "predicate" in stated and "predicate" not in denied
    assert "sure" in denied


def test_an_unsure_predicate_is_no_case_without_one(experts: dict[str, ExpertProfile]) -> None:
    question = (
        "We are not sure the predicate we picked is the right one. Should we ask FDA first in a "
        "pre-sub meeting, or just submit the 510(k) and deal with questions when they come?"
    )
    options = ("Pre-Submission first", "submit the 510(k) directly")
    position = initial_leaning(knowledge_of(experts["fda_expert"]), question, options).position
    assert position.option == "Pre-Submission first"
    assert "If a predicate with the same intended use exists" not in position.summary
