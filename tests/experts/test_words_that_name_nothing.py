"""Specification of the words a missing-words abstention may count: a question's form ("Is it
OK to …"), the people it names ("Mike"), its prepositions ("over the next few weeks") and the
verbs of the asker's situation ("send", "deal with") name nothing an expert's documents must
speak of; "extra hours" are the documents' overtime; and an abstention never says the
documents lack a word one of their passages has (cold try c18-r8, defects 3 and 4)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import subject_words
from agentstream.experts.reading import people_named
from tests.experts.leanings import leaning as _leaning

LONE_NIGHT_JOB = (
    "A customer reported a live electrical fault at 11pm. Is it OK to send just one technician "
    "out on his own to deal with it tonight?"
)
MIKE = (
    "Mike has already clocked 46 hours this week against his 40-hour contract. A premium client "
    "needs a repair finished on Saturday that will take him about 7 hours. Can I put Mike on "
    "that Saturday job?"
)
BACKLOG = (
    "We are about three weeks behind on service calls. To catch up over the next few weeks, "
    "should we pay our own technicians for extra hours or bring in outside contractors?"
)
BACKLOG_OPTIONS = ("extra hours for our own technicians", "outside contractors")
NOVEL_SENSOR = (
    "Our new sleep-apnea sensor does something no product on the market does today, but the "
    "risk to patients is low and we think ordinary controls can handle it. Which filing should "
    "we prepare: De Novo or a PMA?"
)
FIELD = ("operations_expert", "safety_expert", "finance_expert", "customer_expert")


def test_is_it_ok_to_is_no_subject_an_expert_must_speak_of(
    experts: dict[str, ExpertProfile],
) -> None:
    for agent_id in FIELD:
        assert '"OK"' not in str(_leaning(experts, agent_id, LONE_NIGHT_JOB).position.reason)


def test_one_technician_on_his_own_at_night_is_lone_working_the_safety_expert_opposes(
    experts: dict[str, ExpertProfile],
) -> None:
    position = _leaning(experts, "safety_expert", LONE_NIGHT_JOB).position
    assert not position.abstain and position.stance is Stance.OPPOSE


def test_a_person_the_question_names_is_its_case_not_its_subject(
    experts: dict[str, ExpertProfile],
) -> None:
    assert people_named(MIKE) == {"Mike"}
    for agent_id in FIELD:
        assert "Mike" not in str(_leaning(experts, agent_id, MIKE).position.reason)


@pytest.mark.parametrize(
    "question",
    [
        # Capitalised words that name things, days and the start of a sentence are no people.
        "Should Medicare pay for it when she is discharged?",
        "Can she work on Saturday after a De Novo audit?",
        "Should we staff the Monday shift with one technician?",
    ],
)
def test_things_days_and_questions_without_a_person_name_no_one(question: str) -> None:
    assert people_named(question) == frozenset()


def test_extra_hours_are_overtime_and_over_the_next_weeks_names_nothing() -> None:
    words = subject_words("To catch up over the next few weeks, pay them for extra hours")
    assert "overtime" in words and "extra" not in words and "over" not in words


def test_extra_hours_for_a_backlog_keep_the_safety_expert_voting(
    experts: dict[str, ExpertProfile],
) -> None:
    position = _leaning(experts, "safety_expert", BACKLOG, BACKLOG_OPTIONS).position
    assert not position.abstain


@pytest.mark.parametrize(
    ("agent_id", "question", "options", "said"),
    [
        # safety_fatigue.md: "most of our technicians drive between every job".
        ("safety_expert", MIKE.replace("Mike", "one technician", 1).replace("Mike", "him"), (),
         "job"),
        # clinical_studies.md: "A PMA pivotal trial is a different scale".
        ("clinical_expert", NOVEL_SENSOR, ("De Novo", "PMA"), "PMA"),
    ],
)  # fmt: skip
def test_an_abstention_never_says_the_documents_lack_a_word_they_have(
    experts: dict[str, ExpertProfile],
    agent_id: str,
    question: str,
    options: tuple[str, ...],
    said: str,
) -> None:
    position = _leaning(experts, agent_id, question, options).position
    assert f'"{said}"' not in str(position.reason)


def test_words_of_when_the_case_happens_name_nothing_the_documents_lack(
    experts: dict[str, ExpertProfile],
) -> None:
    query = (
        "Dave finished an emergency call-out at 03:00 last night. Can he start his planned 08:00 "
        "shift this morning as usual?"
    )
    reason = str(_leaning(experts, "finance_expert", query).position.reason)
    assert "night" not in reason and "morning" not in reason


def test_try_and_anyway_name_nothing_a_document_must_speak_of(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r15, #8: the FDA expert abstained on a 510(k) for a Class III device, its
    # documents saying "nothing of 'anyway'".
    query = (
        "Our implantable pump is Class III by regulation. Should we try a 510(k) anyway to "
        "save a year?"
    )
    assert not _leaning(experts, "fda_expert", query).position.abstain


# Cold try c18-r24 (#2, #9): "put" of "put a technician on a shift" and "first" of "ask FDA first"
# name nothing the documents lack.
@pytest.mark.parametrize(
    ("agent_id", "question", "framing"),
    [
        (
            "finance_expert",
            "Can we put a technician on a 12-hour regular shift to work down the backlog?",
            '"put"',
        ),
        (
            "reimbursement_expert",
            "We are not sure the predicate we picked is the right one. Should we ask FDA first in "
            "a pre-sub meeting, or just submit the 510(k) and deal with questions when they come?",
            '"first"',
        ),
    ],
)
def test_an_abstention_names_no_verb_or_time_of_the_askers_situation(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, framing: str
) -> None:
    position = _leaning(experts, agent_id, question).position
    assert position.abstain
    assert framing not in (position.reason or "")


def test_another_names_nothing(experts: dict[str, ExpertProfile]) -> None:
    # cold try c18-r25, #7: "for another five years"
    question = "Should we renew the lease on our Chicago warehouse for another five years?"
    position = _leaning(experts, "operations_expert", question).position
    assert position.abstain
    assert '"another"' not in (position.reason or "")
