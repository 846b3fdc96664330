"""Specification of documents that touch a question only in passing: when a question states its
case before it asks, an expert none of whose statements speaks to what it asks, only to the
case's words ("urgent", "night"), abstains rather than citing them; a voter's documents, which
cover the question, are never said to "take no side" (cold try c18-r5, categories 3 and 4)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.stance import RELATED_CLAIM
from tests.experts.leanings import leaning as _leaning

CALL_OUT = (
    "A technician's urgent night call-out ended at 02:00. Can we keep them on their planned "
    "07:00 shift the same morning?"
)
NO_PREDICATE = (
    "Our monitor is a novel, moderate-risk device and no legally marketed predicate exists. "
    "Which premarket pathway should we take?"
)
PATHWAYS = ("510(k)", "De Novo", "PMA")


@pytest.mark.parametrize(
    ("agent_id", "question", "options", "unsaid"),
    [
        # "within 2 hours, at any time of day or night" shares the case's words only; "morning"
        # dates the case and names nothing the documents lack.
        ("customer_expert", CALL_OUT, (), '"07:00 shift"'),
        # Monitoring costs and IDEs share "device" and "risk", not the pathway asked for.
        ("clinical_expert", NO_PREDICATE, PATHWAYS, '"premarket pathway"'),
    ],
)
def test_documents_that_share_only_the_cases_words_abstain(
    experts: dict[str, ExpertProfile],
    agent_id: str,
    question: str,
    options: tuple[str, ...],
    unsaid: str,
) -> None:
    leaning = _leaning(experts, agent_id, question, options)
    assert leaning.position.abstain and not leaning.passages
    assert f"touch this question only in passing and say nothing of {unsaid}" in str(
        leaning.position.reason
    )


def test_documents_that_speak_to_what_is_asked_still_vote(
    experts: dict[str, ExpertProfile],
) -> None:
    assert _leaning(experts, "operations_expert", CALL_OUT).position.stance is Stance.OPPOSE
    chosen = _leaning(experts, "fda_expert", NO_PREDICATE, PATHWAYS).position
    # The case decides it, and its confidence reads as it is stored: 0.8.
    assert (chosen.option, chosen.confidence) == ("De Novo", 0.8)


def test_a_one_sentence_question_keeps_the_neutral_vote_of_documents_that_bear_on_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # "weekend overtime" speaks of the Sunday work asked about, without settling it.
    question = "Should the dispatcher schedule Sunday work after six days in a row?"
    position = _leaning(experts, "customer_expert", question).position
    assert not position.abstain and position.summary == RELATED_CLAIM


@pytest.mark.parametrize(
    ("agent_id", "question", "unsaid"),
    [
        # "an incomplete submission", "before filing": words around a Pre-Submission, not it.
        ("quality_expert", "Should we request a Pre-Submission meeting with FDA before filing?",
         "Pre-Submission meeting"),
        ("quality_expert", "Should we NOT bother with a Pre-Submission meeting and just file the "
         "510(k) straight away to save the 70 days?", "Pre-Submission meeting"),
        # Urgent tickets for premium customers are the case, not the gesture asked about.
        ("finance_expert", "Should we offer a goodwill gesture to a customer whose urgent ticket "
         "was late?", "goodwill gesture"),
        ("operations_expert", "Should we offer a goodwill gesture to premium customers whose "
         "urgent tickets missed their response target?", "goodwill gesture"),
        # "planned maintenance" is no "free maintenance visit".
        ("operations_expert", "Should we give a free maintenance visit as a goodwill gesture to "
         "the customer whose technician arrived late?", "free maintenance visit"),
    ],
)  # fmt: skip
def test_documents_that_share_words_around_what_is_asked_but_not_it_abstain(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, unsaid: str
) -> None:
    """The quality expert voted on a Pre-Submission, the operations expert on a goodwill
    gesture (cold try c18-r7, defect 3)."""
    position = _leaning(experts, agent_id, question).position
    assert position.abstain
    assert f'touch this question only in passing and say nothing of "{unsaid}"' in str(
        position.reason
    )


def test_a_name_of_several_words_is_named_whole_in_the_reason(
    experts: dict[str, ExpertProfile],
) -> None:
    """ "say nothing of 'De' or 'Novo'" split one name in two (cold try c18-r6, P3)."""
    query = (
        "Our sleep apnea monitor has no predicate with its intended use. Should we file a De "
        "Novo request?"
    )
    position = _leaning(experts, "clinical_expert", query).position
    assert position.abstain
    assert '"De Novo request"' in (position.reason or "")
    assert '"De"' not in (position.reason or "")


@pytest.mark.parametrize(
    ("agent_id", "question"),
    [
        # "It does not pay when it is spread across the whole team on planned maintenance"
        # speaks of planned maintenance, not of keeping a technician on a shift after a
        # call-out (cold try c18-r6, P2).
        ("finance_expert",
         "A technician finished a night call-out at 03:00. Can the dispatcher keep them on the "
         "08:00 planned maintenance shift the same morning?"),
        # "I support targeted overtime to clear a backlog of urgent and premium work" shares
        # the case's words, not the goodwill credit asked about (own try after c18-r6).
        ("operations_expert",
         "A premium customer had two missed urgent targets this month. Can we offer them an "
         "$800 goodwill credit to keep them?"),
    ],
)  # fmt: skip
def test_a_view_on_the_cases_words_takes_no_side_on_what_is_asked(
    experts: dict[str, ExpertProfile], agent_id: str, question: str
) -> None:
    assert _leaning(experts, agent_id, question).position.abstain
