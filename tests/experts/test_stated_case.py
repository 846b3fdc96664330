"""Specification of a question that states a case a passage's condition decides: "FDA asks for
clinical data when the new device has a new indication" of a device that adds one, "the next
shift starts 11 hours after the call-out ended" of a call-out that ended at 02:00 and a 07:00
shift. The expert takes the side the passage decides (cold try c18-r5, category 1)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.answers import OBJECTION, answer_probe
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import case_sign, clock_gap_sign, short_gap
from agentstream.experts.stance import initial_leaning
from agentstream.quantities import clock_gap

ASKS_FOR = (
    "FDA asks for clinical data when the new device has a new indication, when technological "
    "differences raise questions that bench testing cannot answer, or when the guidance for "
    "the device type requires it."
)
NEW_INDICATION = (
    "Our device adds a new indication for use that the predicate was never cleared for. Can we "
    "file the 510(k) on bench testing alone, without clinical data?"
)
NEXT_SHIFT = (
    "After a night call-out the technician's next shift starts 11 hours after the call-out "
    "ended at the earliest."
)
CALL_OUT = (
    "A technician's urgent night call-out ended at 02:00. Can we keep them on their planned "
    "07:00 shift the same morning?"
)


@pytest.mark.parametrize(
    ("question", "sign"),
    [
        (NEW_INDICATION, -1),
        # the asker's own product is the device the condition speaks of (cold try c18-r18)
        ("Our wound-imaging camera adds a new indication for children. Can we file the 510(k) "
         "on bench testing alone?", -1),
        ("Our device adds a new indication. Should we collect clinical data first?", 1),
        # The question states none of its cases: the rule does not decide it.
        ("Can we file the 510(k) on bench testing alone, without clinical data?", 0),
        ("Our device keeps the predicate's indication. Can we skip clinical data?", 0),
        # A case the condition puts with a negation is met by the question's own negation,
        # and "leave … out" goes without what the consequence asks for.
        ("Our sensor raises technological questions bench testing cannot answer. Should we "
         "leave clinical data out of the 510(k)?", -1),
    ],
)  # fmt: skip
def test_a_consequence_applies_to_the_proposal_when_the_question_states_its_case(
    question: str, sign: int
) -> None:
    assert case_sign(question, ASKS_FOR) == sign


def test_doing_something_else_alone_goes_without_what_the_case_asks_for() -> None:
    expects = "FDA expects clinical data when the predicate itself was cleared with clinical data."
    question = (
        "The predicate itself was cleared with clinical data. Can we submit our 510(k) on "
        "bench testing alone?"
    )
    assert case_sign(question, expects) == -1


def test_a_case_the_question_puts_off_is_not_stated() -> None:
    early = "Should we file the 510(k) before design verification is complete?"
    assert case_sign(early, "I support a 510(k) when design verification is complete.") == 0


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("The job ended at 11 pm. Can she start at 7am?", 8),
        ("A shift from 7.30 after a call-out that ended at 02:00", 5.5),
        ("Between 14:00 and 02:00", 12),
        ("At 09:00", None),
        # cold try c18-r24, #3: times told in words
        ("A call that finished at 3 in the morning, then a 7am job", 4),
        ("The job ran until 11 at night; the next one is at 8 in the morning", 9),
        ("Back at midnight, out again at 5 in the afternoon", 17),
        # cold try c18-r26, #6
        ("He got back from an emergency job at 1 a.m. Can he start at 8 this morning?", 7),
    ],
)
def test_the_gap_between_two_times_of_day_runs_from_the_one_that_ended(
    text: str, hours: float | None
) -> None:
    assert clock_gap(text) == hours


@pytest.mark.parametrize(
    ("question", "sign"),
    [
        (CALL_OUT, -1),  # 5 hours, short of 11
        ("The call-out ended at 8 pm. Can they work the 09:00 shift?", 1),  # 13 hours
        ("The call-out ended at 23:30. Can they start at 06:00?", -1),  # across midnight
        ("Can they work the 07:00 shift?", 0),  # one time: no gap
        # The gap runs from the time the question says ended, whichever comes first.
        ("Can we schedule a shift at 06:00 after a call-out that ended at 23:00?", -1),
    ],
)
def test_the_gap_between_two_stated_times_is_held_against_a_least_gap(
    question: str, sign: int
) -> None:
    assert clock_gap_sign(question, NEXT_SHIFT) == sign


def test_a_capped_gap_is_no_least_gap() -> None:
    statement = "A technician must be on the way within 2 hours after the ticket is logged."
    assert clock_gap_sign(CALL_OUT, statement) == 0


@pytest.mark.parametrize(
    ("agent_id", "question", "stance", "quoted"),
    [
        ("fda_expert", NEW_INDICATION, Stance.OPPOSE, "new device has a new indication"),
        # Asked the other way round, the case still decides, and supporting the question
        # rejects the proposal.
        (
            "fda_expert",
            "Our device adds a new indication for use. Is it a mistake to file the 510(k) "
            "without clinical data?",
            Stance.SUPPORT,
            "new device has a new indication",
        ),
        ("clinical_expert", NEW_INDICATION, Stance.OPPOSE, "indications for use differ"),
        ("operations_expert", CALL_OUT, Stance.OPPOSE, "11 hours after the call-out ended"),
        ("safety_expert", CALL_OUT, Stance.OPPOSE, "11 consecutive hours of rest between"),
        (
            "safety_expert",
            "The call-out ended at 18:00. Can we keep them on their planned 07:00 shift?",
            Stance.SUPPORT,
            "11 consecutive hours of rest between",
        ),
    ],
)
def test_an_expert_takes_the_side_its_documents_decide_for_the_stated_case(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, stance: Stance, quoted: str
) -> None:
    position = initial_leaning(knowledge_of(experts[agent_id]), question).position
    assert position.stance is stance
    assert quoted in position.summary


def test_an_answer_to_the_strongest_objection_holds_to_the_rule_for_the_case(
    experts: dict[str, ExpertProfile],
) -> None:
    knowledge = knowledge_of(experts["operations_expert"])
    leaning = initial_leaning(knowledge, CALL_OUT)
    found = knowledge.evidence(CALL_OUT, leaning.passages)
    answer = answer_probe(OBJECTION, CALL_OUT, found, "", leaning.position, knowledge)
    assert answer is not None
    assert "not our case" not in answer
    assert "it names the case you state" in answer and NEXT_SHIFT.rstrip(".") in answer


def test_a_gap_shorter_than_the_least_required_is_stated_with_its_arithmetic() -> None:
    """Nobody said that 03:00 to 08:00 is 5 hours, short of 11 (cold try c18-r6, P2)."""
    question = (
        "A technician finished a night call-out at 03:00. Can the dispatcher keep them on the "
        "08:00 planned maintenance shift the same morning?"
    )
    assert short_gap(question, NEXT_SHIFT) == (
        "03:00 to 08:00 is 5 hours, less than the 11 they require: After a night call-out the "
        "technician's next shift starts 11 hours after the call-out ended at the earliest"
    )
    assert (
        short_gap("The call-out ended at 8 pm. Can they work the 09:00 shift?", NEXT_SHIFT) is None
    )


@pytest.mark.parametrize(
    "question",
    [
        # cold try c18-r19: a new patient population is a new indication, in other words
        "We want to label our cleared adult pulse oximeter for use in children too. Can we "
        "file the 510(k) on bench data alone?",
        "Our monitor will also be labelled for paediatric patients. Can we submit without "
        "clinical data?",
    ],
)
def test_a_device_extended_to_a_new_patient_population_has_a_new_indication(
    experts: dict[str, ExpertProfile], question: str
) -> None:
    position = initial_leaning(knowledge_of(experts["fda_expert"]), question).position
    assert position.stance is Stance.OPPOSE
    assert "FDA asks for clinical data when the new device has a new indication" in (
        position.summary
    )


# Cold try c18-r24 (#3): "3 in the morning" and "7am" are the times the rest rule is held
# against, though the question says "emergency call" and "job" for call-out and shift.
@pytest.mark.parametrize("agent_id", ["operations_expert", "safety_expert"])
def test_times_told_in_words_are_held_against_the_rest_rule(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    question = (
        "A tech handled an emergency call that finished at 3 in the morning. Is it a mistake to "
        "send them to a 7am job the same day?"
    )
    position = initial_leaning(knowledge_of(experts[agent_id]), question).position
    assert position.stance is Stance.SUPPORT
    assert "is 4 hours, less than the 11 they require" in position.summary


# Cold try c18-r23 (#4): widening a device's indications is a new indication, and going
# without a clinical study goes without the clinical data FDA asks for in that case.
@pytest.mark.parametrize(
    "question",
    [
        "Can we expand the indications of our cleared device without a clinical study?",
        "We want to broaden the indication of our monitor. Can we skip the clinical trial?",
    ],
)
def test_widened_indications_need_the_clinical_data_a_study_gives(
    experts: dict[str, ExpertProfile], question: str
) -> None:
    position = initial_leaning(knowledge_of(experts["fda_expert"]), question).position
    assert position.stance is Stance.OPPOSE
    assert "FDA asks for clinical data when the new device has a new indication" in (
        position.summary
    )


def test_a_time_ending_a_sentence_is_quoted_without_its_full_stop(
    experts: dict[str, ExpertProfile],
) -> None:
    # cold try c18-r25, #3: "as 3 am. to 8 am is 5 hours"
    question = (
        "One of our techs got home from an emergency night job at 3 am. Is it OK for him to "
        "start his normal shift at 8 am the same morning?"
    )
    position = initial_leaning(knowledge_of(experts["safety_expert"]), question).position
    assert position.stance is Stance.OPPOSE
    assert "3 am to 8 am is 5 hours" in position.summary
