"""Specification of when an expert's documents cover a question with options, and which
option its documents choose for the question's own case (cold try c18-r2, categories 1 and
2): words shared in passing ("Class III" for "Category III") are no coverage, and a default
for the usual case is no answer for another case."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import conditional, negated_words
from agentstream.experts.stance import initial_leaning

NOVEL = (
    "Our wound-monitoring patch has a new sensing technology and we found no cleared device "
    "with the same intended use. Which premarket pathway should we file?"
)
PATHWAYS = ("510(k)", "De Novo", "PMA")
CODES_QUERY = "Once the device is cleared, how should we approach billing codes for the procedure?"
CODES = (
    "Apply for a Category III CPT code right after clearance",
    "Wait until we qualify for a Category I CPT code",
)
IDE = (
    "Do we need an FDA-approved IDE before enrolling the first patient in the clinical study of "
    "our significant risk implant?"
)
NIGHT = "Who should handle urgent call-outs that come in at night?"
NIGHT_OPTIONS = ("An on-call rota of our own technicians", "A subcontracted night service")


def test_a_condition_and_its_consequence_are_read_from_an_if_statement() -> None:
    assert conditional("If the device is novel, I recommend a De Novo request.") == (
        "the device is novel",
        "I recommend a De Novo request.",
    )
    assert conditional("I recommend a De Novo request.") is None


def test_words_after_a_negation_in_their_clause_are_denied() -> None:
    stated, denied = negated_words("The patch is new and we found no cleared device.")
    assert {"patch", "new"} <= stated
    assert {"cleared", "device"} <= denied


def test_the_option_a_conditional_statement_gives_for_the_case_is_chosen(
    experts: dict[str, ExpertProfile],
) -> None:
    # "If the device is novel …, I recommend a De Novo request", while the question denies
    # the 510(k)'s case ("If a predicate with the same intended use exists").
    leaning = initial_leaning(knowledge_of(experts["fda_expert"]), NOVEL, PATHWAYS)
    assert leaning.position.option == "De Novo"
    assert "[fda_expert/1#6]" in leaning.position.summary
    assert "fda_expert/1#6" in {chunk.chunk_id for chunk in leaning.passages}


@pytest.mark.parametrize("agent_id", ["clinical_expert", "quality_expert"])
def test_a_default_for_the_usual_case_does_not_answer_another_case(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    # Their documents support a 510(k) in general; nothing in them speaks of a device with no
    # cleared equivalent.
    leaning = initial_leaning(knowledge_of(experts[agent_id]), NOVEL, PATHWAYS)
    assert leaning.position.option != "510(k)"


def test_a_generic_choice_gets_the_experts_default(experts: dict[str, ExpertProfile]) -> None:
    leaning = initial_leaning(knowledge_of(experts["fda_expert"]), "De Novo or 510(k)?",
                              ("De Novo", "510(k)"))  # fmt: skip
    assert leaning.position.option == "510(k)"


@pytest.mark.parametrize("agent_id", ["fda_expert", "clinical_expert", "quality_expert"])
def test_documents_that_never_name_what_the_options_share_abstain(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    # "Class III devices" and "clearance" are not "Category III CPT codes".
    position = initial_leaning(knowledge_of(experts[agent_id]), CODES_QUERY, CODES).position
    assert position.abstain
    assert '"CPT"' in (position.reason or "")


def test_the_documents_reason_for_an_option_is_its_own_view_not_a_requirement_of_its_timing(
    experts: dict[str, ExpertProfile],
) -> None:
    # "A Category I code requires FDA clearance" requires no application right after it.
    position = initial_leaning(
        knowledge_of(experts["reimbursement_expert"]), CODES_QUERY, CODES
    ).position
    assert position.option == CODES[0]
    assert "I support applying for a Category III code" in position.summary


@pytest.mark.parametrize("agent_id", ["fda_expert", "quality_expert"])
def test_an_acronym_the_question_asks_about_and_the_documents_never_use_is_outside(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    position = initial_leaning(knowledge_of(experts[agent_id]), IDE).position
    assert position.abstain and '"IDE"' in (position.reason or "")


def test_an_acronym_that_qualifies_a_word_does_not_put_the_question_outside(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should we pay technicians overtime to meet SLA targets?"
    assert not initial_leaning(knowledge_of(experts["operations_expert"]), query).position.abstain


def test_the_clinical_expert_states_the_ide_rule(experts: dict[str, ExpertProfile]) -> None:
    position = initial_leaning(knowledge_of(experts["clinical_expert"]), IDE).position
    assert position.stance is Stance.SUPPORT


def test_an_option_a_passage_says_cannot_do_the_work_is_ruled_out(
    experts: dict[str, ExpertProfile],
) -> None:
    # "a subcontracted technician … cannot reach an urgent ticket within 2 hours"
    leaning = initial_leaning(knowledge_of(experts["operations_expert"]), NIGHT, NIGHT_OPTIONS)
    assert leaning.position.option == NIGHT_OPTIONS[0]
    assert "cannot reach an urgent ticket" in leaning.position.summary


@pytest.mark.parametrize("agent_id", ["safety_expert", "finance_expert"])
def test_a_phrase_of_the_whole_field_names_no_option(
    experts: dict[str, ExpertProfile], agent_id: str
) -> None:
    # "all technicians" (mandatory weekend overtime) is not "our own technicians".
    leaning = initial_leaning(knowledge_of(experts[agent_id]), NIGHT, NIGHT_OPTIONS)
    assert leaning.position.option != NIGHT_OPTIONS[1]
    assert leaning.topic is None or leaning.topic.name != "mandatory weekend overtime"
