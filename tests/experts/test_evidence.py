"""Specification of where an offline expert's evidence takes it: it speaks only to questions in
its documents' own terms, votes the side or option its statements take, and a devil's advocate
cites only what backs the side it argues."""

import pytest

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.offline import NO_COUNTER_EVIDENCE, Draft, compose_turn
from agentstream.experts.polarity import (
    option_sign,
    statement_sign,
)
from agentstream.quantities import Figure, figures

NIGHT_WORK = "Should we pay technicians a premium for winter work?"
SHIFT_RULES = """# Shift Rules

## Length

No shift may be longer than 12 hours, and the standard shift is 8 hours long.

## Rest

Every technician gets at least 11 hours of rest between two shifts, whatever the rota says.
"""
OVERTIME_VIEW = """# Overtime Notes

## My view

I support targeted overtime for urgent work orders when the backlog grows beyond two weeks.
"""


def _expert(agent_id: str, document: str) -> ExpertProfile:
    return ExpertProfile(agent_id, agent_id, "Advisor", "", knowledge=(document,))


def _turn(
    expert: ExpertProfile,
    query: str,
    kind: TurnKind = TurnKind.POSITION,
    visible: tuple[Contribution, ...] = (),
    options: tuple[str, ...] = (),
) -> Draft:
    return compose_turn(expert, query, TurnRequest(expert.agent_id, kind, 1, "", visible, options))


def test_an_expert_whose_documents_never_use_the_questions_terms_abstains_naming_them(
    experts: dict[str, ExpertProfile],
) -> None:
    # The operations documents speak of premium customers, technicians and work, but never of
    # winter work or pay: it does not answer about weekend overtime instead.
    draft = _turn(experts["operations_expert"], NIGHT_WORK)
    assert draft.position is not None and draft.position.abstain
    assert draft.position.reason is not None
    assert draft.position.reason.endswith('never speak of "pay" or "winter"')
    assert "overtime" not in draft.text.lower()


def test_an_expert_whose_topic_the_question_names_speaks_despite_foreign_words(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should we approve targeted overtime to clear the backlog for premium customers?"
    draft = _turn(experts["safety_expert"], query)
    assert draft.position is not None and not draft.position.abstain
    assert draft.citations


def test_an_expert_whose_documents_name_one_option_votes_for_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # Its documents discuss 510(k) submissions and never De Novo: that bears on the choice.
    draft = _turn(experts["clinical_expert"], "De Novo or 510(k)?", options=("De Novo", "510(k)"))
    assert draft.position is not None and not draft.position.abstain
    assert draft.position.option == "510(k)"
    assert draft.citations


@pytest.mark.parametrize(
    ("query", "stance"),
    [
        ("Should technicians work 10-hour shifts?", Stance.SUPPORT),
        ("Should technicians work 14-hour shifts?", Stance.OPPOSE),
    ],
)
def test_an_expert_without_front_matter_takes_the_side_its_figures_take(
    query: str, stance: Stance
) -> None:
    draft = _turn(_expert("rota_expert", SHIFT_RULES), query)
    assert draft.position is not None and draft.position.stance is stance
    assert draft.position.confidence > 0.5
    assert "[rota_expert/1#1]" in draft.position.summary


def test_figures_are_read_with_their_bound_and_what_they_measure() -> None:
    (bounded,) = figures("No shift may be longer than 12 hours")
    assert (bounded.value, bounded.unit, bounded.bound) == (12.0, "hour", "at_most")
    assert "shift" in bounded.context
    assert figures("at least 11 hours of rest")[0].bound == "at_least"
    assert figures("1.5 times the base rate")[0] == Figure(
        1.5, "times", None, frozenset({"base", "rate"})
    )


@pytest.mark.parametrize(
    ("proposal", "statement", "sign"),
    [
        ("Should shifts last 10 hours?", "No shift may be longer than 12 hours", 1),
        ("Should shifts last 14 hours?", "No shift may be longer than 12 hours", -1),
        # Hours of a response are no shift length.
        ("Should shifts last 4 hours?", "A technician is on the way within 2 hours", 0),
        ("Should we pay 1.5 times the base rate?", "Overtime pays 1.5 times the base rate", 1),
        ("Should we skip clinical data?", "I do not support skipping clinical data", -1),
        ("Should we skip clinical data?", "I support a small clinical study first", -1),
        ("Should we run a clinical study?", "I support a small clinical study first", 1),
        # A statement that denies what the proposal does.
        (
            "Can registry data replace a prospective study?",
            "Registry data can supplement a prospective study, but it rarely replaces one.",
            -1,
        ),
    ],
)
def test_a_statement_weighs_for_or_against_a_proposal(
    proposal: str, statement: str, sign: int
) -> None:
    assert statement_sign(proposal, statement) == sign


def test_a_devils_advocate_never_cites_evidence_for_the_majority() -> None:
    # Its only statement supports the proposal: opposing the supporting majority, it says it
    # has no counter-evidence and cites nothing, rather than cite the statement against itself.
    query = "Should we approve targeted overtime for urgent work orders?"
    advocate = _expert("overtime_expert", OVERTIME_VIEW)
    majority = tuple(
        Contribution(f"Expert {n}", "I support it.", Position(Stance.SUPPORT, 0.8, "It pays."))
        for n in (1, 2)
    )
    draft = _turn(advocate, query, TurnKind.CHALLENGE, majority)
    assert draft.position is not None and draft.position.stance is Stance.OPPOSE
    assert NO_COUNTER_EVIDENCE in draft.text
    assert draft.citations == ()
    assert "I support targeted overtime" not in draft.text


def test_a_question_in_other_words_than_the_documents_is_still_covered(
    experts: dict[str, ExpertProfile],
) -> None:
    # fda_expert/1#3 names this case in its own words ("a new material", "Special 510(k)"):
    # the question's other words (wearable, ECG, adhesive) do not keep it from voting.
    query = (
        "Our cleared wearable ECG patch only changes its skin adhesive to a new material: can "
        "we file a Special 510(k) without running a new clinical study?"
    )
    draft = _turn(experts["fda_expert"], query)
    assert draft.position is not None and not draft.position.abstain
    assert draft.citations


def test_synonyms_reach_the_documents_topic(experts: dict[str, ExpertProfile]) -> None:
    # "compulsory Saturday overtime" is the documents' "mandatory weekend overtime".
    query = "Should we make Saturday overtime compulsory for all technicians until it is cleared?"
    for agent_id in ("safety_expert", "finance_expert"):
        position = _turn(experts[agent_id], query).position
        assert position is not None and position.stance is Stance.OPPOSE, agent_id


def test_with_options_a_topic_it_does_not_oppose_beats_one_it_opposes(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Our sensor has no predicate: should we prepare a De Novo request or a PMA?"
    draft = _turn(experts["fda_expert"], query, options=("De Novo request", "PMA"))
    assert draft.position is not None and draft.position.option == "De Novo request"


SHIFT_LENGTHS = ("12-hour shifts", "10-hour shifts")


def test_an_option_beyond_a_limit_of_its_documents_is_not_chosen(
    experts: dict[str, ExpertProfile],
) -> None:
    # Its documents speak of 12-hour shifts most (their risk), and cap shifts at 10 hours.
    query = "Which shift length should technicians work?"
    draft = _turn(experts["safety_expert"], query, options=SHIFT_LENGTHS)
    assert draft.position is not None and draft.position.option == "10-hour shifts"
    assert "no shift longer than 10 hours" in draft.position.summary
    assert "speak of" not in draft.position.summary
    # The turn argues from the limit first, not from a passage on the option it rejected.
    first = draft.text.split(". ", 1)[1]
    assert first.startswith("The Overtime Policy and the Safety Procedures set hard limits")


@pytest.mark.parametrize(
    ("statement", "signs"),
    [
        ("No shift longer than 10 hours is allowed.", (-1, 1)),
        ("The risk is a quarter higher on a 12-hour shift than on an 8-hour shift.", (0, 0)),
        ("Technicians on 12-hour shifts report more near misses.", (0, 0)),
    ],
)
def test_only_a_limit_weighs_on_an_option_with_a_figure(
    statement: str, signs: tuple[int, int]
) -> None:
    assert tuple(option_sign(o, SHIFT_LENGTHS, statement) for o in SHIFT_LENGTHS) == signs


@pytest.mark.parametrize(
    ("statement", "signs"),
    [
        ("I do not recommend an on-call rotation for night work.", (-1, 0)),
        ("I recommend a subcontractor for night emergencies.", (0, 1)),
        ("A subcontractor and an on-call rotation both need inductions.", (0, 0)),
    ],
)
def test_the_experts_own_view_of_an_option_weighs_on_it(
    statement: str, signs: tuple[int, int]
) -> None:
    options = ("on-call rotation", "subcontractor")
    assert tuple(option_sign(o, options, statement) for o in options) == signs


FLEET_PLAN = """# Fleet plan

I recommend electric vans for urban routes first, where daily distances are short and charging
at the depot overnight is enough.

I do not recommend replacing the whole fleet at once: rural routes are too long for today's
range, and a staged replacement spreads the cost.
"""


@pytest.mark.parametrize(
    ("query", "stance", "quoted"),
    [
        # "The whole fleet" is the vans, in the words of its own documents; a view for
        # urban routes first is no view for all of them.
        ("Should we replace all our vans with electric vans?", Stance.OPPOSE, "whole fleet"),
        ("Should we buy electric vans for urban routes?", Stance.SUPPORT, "urban routes"),
    ],
)
def test_a_tenant_expert_reads_the_question_in_its_own_documents_words(
    query: str, stance: Stance, quoted: str
) -> None:
    draft = _turn(_expert("fleet_manager", FLEET_PLAN), query)
    assert draft.position is not None and draft.position.stance is stance
    assert quoted in draft.position.summary


def test_a_limit_that_rules_out_one_of_three_options_is_said_with_a_neutral_vote(
    experts: dict[str, ExpertProfile],
) -> None:
    options = ("8-hour shifts", "10-hour shifts", "12-hour shifts")
    draft = _turn(experts["safety_expert"], "Which shift length should technicians work?",
                  options=options)  # fmt: skip
    assert draft.position is not None and draft.position.stance is Stance.NEUTRAL
    assert draft.position.summary.startswith(
        'My documents rule out "12-hour shifts" ("no shift longer than 10 hours'
    )


def test_a_quantifier_of_the_question_is_not_its_subject(
    experts: dict[str, ExpertProfile],
) -> None:
    # "every new urgent ticket" of the backlog passage is not about electrical jobs.
    query = "Should we assign two technicians to every live electrical job?"
    operations = _turn(experts["operations_expert"], query)
    assert operations.position is not None and operations.position.abstain
    safety = _turn(experts["safety_expert"], query)
    assert "safety_expert/1#5" in safety.citations  # Lone working
