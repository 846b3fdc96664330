"""Specification of what the socratic and synthesis turns may say (cold try c18-r2, category
7): a moderator quotes the claim a position stands on, calls only a contrary note an
objection, an answer attaches only a condition as its condition, and a synthesis lists only
the majority's conditions."""

import re

import pytest

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.answers import CONDITION_LEAD, OBJECTION, answer_probe
from agentstream.experts.council import synthesis_turn
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.reading import question_sign
from tests.experts.test_socratic_wording import _socratic

SATURDAYS = (
    "Should we schedule mandatory Saturday overtime for all technicians for the next three "
    "weekends to clear the work-order backlog?"
)
MEMBERS = ["operations_expert", "safety_expert", "finance_expert"]
_ASKED = re.compile(r'^[^,]+, you (support|oppose) it, saying "([^"]*)"')
_NOTE_OBJECTION = re.compile(r'The strongest objection is the moderator\'s own note: "([^"]*)"')
_CONDITION_WORDS = re.compile(
    r"\b(if|unless|provided|only|must|requires?|within|at most|at least)\b", re.IGNORECASE
)


@pytest.fixture
def turns(experts: dict[str, ExpertProfile]) -> list[tuple[str, str]]:
    return _socratic(experts, "customer_expert", MEMBERS, SATURDAYS)


def test_a_moderator_quotes_a_claim_on_the_experts_own_side(
    turns: list[tuple[str, str]],
) -> None:
    asked = [m for kind, text in turns if kind == "question" and (m := _ASKED.match(text))]
    assert asked
    for match in asked:
        own = 1 if match.group(1) == "support" else -1
        assert question_sign(SATURDAYS, match.group(2)) != -own, match.group(0)


def test_a_note_on_the_experts_own_side_is_never_its_strongest_objection(
    turns: list[tuple[str, str]],
) -> None:
    for kind, text in turns:
        note = _NOTE_OBJECTION.search(text)
        if kind != "answer" or note is None:
            continue
        own = 1 if " I support it" in text else -1
        assert question_sign(SATURDAYS, note.group(1)) == -own, text


def test_an_attached_condition_sets_a_condition(turns: list[tuple[str, str]]) -> None:
    attached = [t.split(CONDITION_LEAD)[1] for kind, t in turns if CONDITION_LEAD in t]
    for condition in attached:
        assert _CONDITION_WORDS.search(condition.split("[")[0]), condition


def test_a_synthesis_lists_the_majoritys_conditions_not_the_dissenters(
    experts: dict[str, ExpertProfile],
) -> None:
    oppose = Position(Stance.OPPOSE, 0.8, "It breaks the rest rules.")
    support = Position(Stance.SUPPORT, 0.8, "It clears the backlog.")
    visible = (
        Contribution("Safety Expert", "I oppose it. Overtime is allowed only within the "
                     "weekly cap of 12 hours.", oppose),
        Contribution("Finance Expert", "I oppose it. It costs too much for the work it buys.",
                     oppose),
        Contribution("Operations Expert", "I support it. Weekend overtime works if the backlog "
                     "is more than three weeks long.", support),
    )  # fmt: skip
    request = TurnRequest("customer_expert", TurnKind.SYNTHESIS, 3, "", visible)
    text = synthesis_turn(experts["customer_expert"], SATURDAYS, request)
    conditions = next(p for p in text.split("\n\n") if p.startswith("Key conditions:"))
    assert "only within the weekly cap" in conditions
    assert "three weeks" not in conditions


def test_a_neutral_voters_strongest_objection_is_that_it_settles_nothing(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r10: "The strongest objection is that my documents state a general rule,
    # not our case" came from experts who took no side, whatever the question.
    knowledge = knowledge_of(experts["customer_expert"])
    found = [("customer_expert/1#1", "Premium customers get a technician within 2 hours.")]
    answer = answer_probe(
        f"Customer Success Expert, you take no firm side on it. {OBJECTION}",
        SATURDAYS,
        found,
        "",
        Position(Stance.NEUTRAL, 0.5, "My documents do not settle it."),
        knowledge,
    )
    assert answer is not None
    assert "a general rule, not our case" not in answer
    assert answer.startswith("The strongest objection is that taking no side")
