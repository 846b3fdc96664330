"""Specification of questions that ask for figures ("How many subjects …?", "how much would
that cost?"): the experts quote the figures their documents state, cited, and take no side;
those whose documents state none abstain (cold try c18-r5, category 2)."""

import pytest

from agentstream.deliberation.figures import Measure, asks_for_figures, figures_asked
from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.answers import CHANGE, OBJECTION, answer_probe
from agentstream.experts.figures import figure_statements
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import initial_leaning
from tests.experts.leanings import leaning as _leaning

SUBJECTS = (
    "How many subjects should the clinical study supporting our 510(k) enrol, and how much "
    "should we budget for it?"
)
OVERTIME = (
    "How many overtime hours a week can we add across the team to clear the backlog, and how "
    "much would that cost us per week?"
)


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        (SUBJECTS, [Measure.COUNT, Measure.MONEY]),
        ("How long does a De Novo take?", [Measure.DURATION]),
        ("Our device is novel. What does a De Novo cost?", [Measure.MONEY]),
        ("How often must we update a premium customer?", [Measure.DURATION]),
        ("What is the price of a subcontracted technician?", [Measure.MONEY]),
    ],
)
def test_a_question_opening_with_how_many_how_much_or_how_long_asks_for_figures(
    question: str, measures: list[Measure]
) -> None:
    assert [asked.measure for asked in figures_asked(question)] == measures


@pytest.mark.parametrize(
    "question",
    [
        "Should we add overtime, and how much would it cost?",
        "How should we clear the urgent backlog?",
        "Should we file the 510(k) now?",
    ],
)
def test_a_question_that_proposes_or_asks_how_asks_for_no_figures(question: str) -> None:
    assert not asks_for_figures(question)


def test_two_counts_asked_in_one_clause_are_two_figures() -> None:
    # cold try c18-r21, #4: "how many patients and how" was one count
    question = "Roughly how many patients and how many sites would it take?"
    assert [asked.counted for asked in figures_asked(question)] == [("patients",), ("sites",)]


def test_what_how_many_counts_is_named_as_the_question_writes_it() -> None:
    (count,) = figures_asked("How many hours of rest must a technician get between shifts?")
    assert count.counted == ("hours", "of", "rest")


def test_an_expert_quotes_the_figures_its_documents_state_and_takes_no_side(
    experts: dict[str, ExpertProfile],
) -> None:
    position = _leaning(experts, "clinical_expert", SUBJECTS).position
    assert not position.abstain and position.stance is Stance.NEUTRAL
    assert "30 to 150 subjects" in position.summary
    assert "1 to 3 million dollars" in position.summary
    assert "[clinical_expert/2#2]" in position.summary


def test_each_expert_whose_documents_state_the_figure_gives_it(
    experts: dict[str, ExpertProfile],
) -> None:
    for agent_id, figure in (
        ("operations_expert", "12 overtime hours a week"),
        ("finance_expert", "$7,300 a week"),
        ("safety_expert", "no more than 12 overtime hours a week"),
    ):
        position = _leaning(experts, agent_id, OVERTIME).position
        assert position.stance is Stance.NEUTRAL and figure in position.summary, agent_id


@pytest.mark.parametrize(
    ("agent_id", "question"),
    [
        # It speaks of the 510(k) and of studies, but states no number of subjects or cost.
        ("quality_expert", SUBJECTS),
        ("fda_expert", SUBJECTS),
        # "within 2 hours" is a response time, no number of overtime hours.
        ("customer_expert", OVERTIME),
        # "50,000 to 150,000 dollars" is what a quality system costs, not a Pre-Submission.
        ("quality_expert", "How much does a Pre-Submission cost?"),
    ],
)
def test_an_expert_whose_documents_state_no_figure_on_it_abstains(
    experts: dict[str, ExpertProfile], agent_id: str, question: str
) -> None:
    position = _leaning(experts, agent_id, question).position
    assert position.abstain and "state no figure on" in str(position.reason)


def test_a_figure_is_defended_as_a_figure_not_as_a_side(
    experts: dict[str, ExpertProfile],
) -> None:
    knowledge = knowledge_of(experts["clinical_expert"])
    position = _leaning(experts, "clinical_expert", SUBJECTS).position
    found = figure_statements(knowledge, SUBJECTS)
    change = answer_probe(CHANGE, SUBJECTS, found, "", position, knowledge)
    objection = answer_probe(OBJECTION, SUBJECTS, found, "", position, knowledge)
    assert change is not None and "figures measured on our own case" in change
    assert objection is not None and "typical figures, not ones measured on our case" in objection


def test_the_figure_that_says_most_of_the_question_comes_first(
    experts: dict[str, ExpertProfile],
) -> None:
    question = "How often must we update a premium customer while their urgent ticket is escalated?"
    (first, *_) = figure_statements(knowledge_of(experts["customer_expert"]), question)
    assert "update the customer at least every 2 hours" in first[1]


# Cold try c18-r6: a case put before the figure asked (P5), a count of "extra hours of
# capacity" that documents state as hours (P4), and an abstention naming the whole count.
IF_FDA_ASKS = (
    "If FDA tells us in the Pre-Submission that it wants clinical data, how long will it take "
    "from writing the study protocol to 510(k) clearance?"
)
CAPACITY = (
    "How much would four consecutive weekends of overtime for all 10 technicians cost us, and "
    "how many extra hours of capacity would it add per week?"
)


@pytest.mark.parametrize(
    "question",
    [
        IF_FDA_ASKS,
        "Once the device is cleared, how much does a Category III code application cost?",
        "Assuming the backlog lasts a month, how many overtime hours can each technician add?",
    ],
)
def test_a_case_put_before_the_figure_asked_leaves_a_question_of_figures(question: str) -> None:
    assert asks_for_figures(question)


def test_a_count_is_named_whole_and_never_ends_on_of() -> None:
    assert [a.counted for a in figures_asked(CAPACITY)][-1] == ("extra", "hours", "of", "capacity")


@pytest.mark.parametrize(
    ("agent_id", "question", "stated"),
    [
        ("operations_expert", CAPACITY, "the team can add up to 120 hours a week"),
        ("safety_expert", CAPACITY, "no more than 12 overtime hours a week"),
        ("clinical_expert", IF_FDA_ASKS, "12 to 18 months from protocol to final report"),
        ("fda_expert", IF_FDA_ASKS, "cleared 4 to 6 months after submission"),
    ],
)
def test_documents_that_state_the_figure_asked_give_it(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, stated: str
) -> None:
    position = initial_leaning(knowledge_of(experts[agent_id]), question).position
    assert not position.abstain, position.reason
    assert stated in position.summary


def test_an_abstention_names_the_count_asked_whole(experts: dict[str, ExpertProfile]) -> None:
    position = initial_leaning(knowledge_of(experts["customer_expert"]), CAPACITY).position
    assert position.abstain
    assert (position.reason or "").endswith("how many extra hours of capacity")


def test_a_passage_that_states_one_asked_figure_of_the_subject_gives_the_others_it_states(
    experts: dict[str, ExpertProfile],
) -> None:
    # "Building an ISO 13485 system … takes 6 to 12 months …" is followed by the first-year
    # cost, which names no quality system of its own; it was left out (cold try c18-r7, P5)
    question = (
        "How long will it take and how much will it cost to build an ISO 13485 quality system?"
    )
    found = figure_statements(knowledge_of(experts["quality_expert"]), question)
    said = " ".join(statement for _, statement in found)
    assert "6 to 12 months" in said and "50,000 to 150,000 dollars" in said


def test_a_figure_of_another_subject_is_no_answer(experts: dict[str, ExpertProfile]) -> None:
    # "how long does it take" names nothing of its own: it asks how long the quality system
    # takes, and a billing code that "takes 18 months" is no answer (cold try c18-r7, P2).
    question = "How long does it take and what does it cost to set up an ISO 13485 quality system?"
    assert figure_statements(knowledge_of(experts["reimbursement_expert"]), question) == []
    code = "How long does it take to get a Category I CPT code?"
    found = figure_statements(knowledge_of(experts["reimbursement_expert"]), code)
    assert "usually takes 18 months or more" in found[0][1]


def test_a_figures_question_may_open_with_a_hedge() -> None:
    # cold try c18-r18, #3: "Roughly what budget should we set aside, and how long until …"
    asked = figures_asked(
        "We plan to enrol roughly 120 patients across 3 hospitals. Roughly what budget should "
        "we set aside, and how long until the final study report?"
    )
    assert [a.measure for a in asked] == [Measure.MONEY, Measure.DURATION]
    # setting a budget aside says nothing of what it is for
    assert "aside" not in asked[0].about


def test_a_figure_of_the_subject_its_passage_speaks_of_answers_and_one_set_apart_does_not(
    experts: dict[str, ExpertProfile],
) -> None:
    # cold try c18-r19, #9: "Studies that support a 510(k) … so a study takes 12 to 18 months"
    # answers how long; "A PMA pivotal trial is a different scale: … 2 to 4 years" does not
    question = (
        "How long would a clinical study of about 100 patients to support our 510(k) take, "
        "and what would it cost?"
    )
    said = " ".join(
        s for _, s in figure_statements(knowledge_of(experts["clinical_expert"]), question)
    )
    assert "12 to 18 months" in said
    assert "2 to 4 years" not in said


def test_an_amount_owed_is_a_figure_of_money_worked_out_for_the_case(
    experts: dict[str, ExpertProfile],
) -> None:
    """Cold try c18-r20: the credit owed is the rule's shares for the misses the question
    counts, under its cap, of the monthly fee it gives; not "how many service credit"."""
    question = (
        "How much service credit do we owe a premium customer on a $9,000 monthly contract "
        "after we missed 4 urgent and 3 high response targets this month?"
    )
    assert [asked.measure for asked in figures_asked(question)] == [Measure.MONEY]
    position = _leaning(experts, "customer_expert", question).position
    assert "[customer_expert/1#2]" in position.summary
    assert position.summary.endswith("25% of your $9,000 a month is $2,250.")


# Cold try c18-r25 (#4, #10): each asked figure's most direct statement is among the first
# quoted, and a count per period is stated per that period.
@pytest.mark.parametrize(
    ("agent_id", "question", "direct"),
    [
        (
            "clinical_expert",
            "How much would a clinical study to back our 510(k) cost, and how many patients "
            "would it need?",
            "typically enrol 30 to 150 subjects",
        ),
        (
            "finance_expert",
            "What does one overtime hour cost us, and how many extra hours a week can the whole "
            "team add?",
            "costs about $60 on average",
        ),
    ],
)
def test_each_asked_figure_is_answered_by_its_most_direct_statement(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, direct: str
) -> None:
    found = figure_statements(knowledge_of(experts[agent_id]), question)
    assert any(direct in statement for _, statement in found[:3])


def test_a_response_time_is_no_count_of_hours_a_week(experts: dict[str, ExpertProfile]) -> None:
    question = (
        "What does one overtime hour cost us, and how many extra hours a week can the whole team "
        "add?"
    )
    assert _leaning(experts, "customer_expert", question).position.abstain
