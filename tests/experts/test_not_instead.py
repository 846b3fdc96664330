"""Specification of a statement that one thing goes with another, never in its place:
"Goodwill works when it comes with a fix, not instead of one" chooses fixing the cause over a
goodwill gesture instead of it, and says a goodwill gesture is not enough by itself; a cap it
keeps says it is allowed, not enough (cold try c18-r18, #10)."""

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import complement_sign, not_enough_alone, statement_sign
from tests.experts.leanings import leaning

WITH_A_FIX = "Goodwill works when it comes with a fix, not instead of one."
OPTIONS = ("offer a $500 goodwill gesture", "fixing the cause")
ENOUGH = (
    "A premium customer on a $6,000 monthly contract had four missed urgent responses this "
    "month. Is a $500 goodwill gesture enough to keep them happy?"
)


def test_what_goes_with_another_is_no_choice_over_it() -> None:
    assert [complement_sign(o, OPTIONS, WITH_A_FIX) for o in OPTIONS] == [-1, 1]
    # a statement that names one of them only says nothing of the choice
    assert complement_sign(OPTIONS[0], OPTIONS, "Goodwill helps, not instead of credits.") == 0


def test_what_goes_with_another_is_not_enough_by_itself() -> None:
    assert not_enough_alone(ENOUGH, WITH_A_FIX)
    assert not not_enough_alone("Should we offer a $500 goodwill gesture?", WITH_A_FIX)


def test_a_cap_it_keeps_says_it_is_allowed_not_enough() -> None:
    cap = "A regional service manager may offer a goodwill gesture of up to $500."
    assert statement_sign(ENOUGH, cap) == 0
    assert statement_sign("Can we offer a $500 goodwill gesture?", cap) == 1


def test_the_expert_opposes_goodwill_as_enough_and_chooses_the_fix(
    experts: dict[str, ExpertProfile],
) -> None:
    assert leaning(experts, "customer_expert", ENOUGH).position.stance is Stance.OPPOSE
    instead = (
        "A premium customer had four missed urgent responses this month. Should we offer a "
        "$500 goodwill gesture instead of fixing the cause?"
    )
    chosen = leaning(experts, "customer_expert", instead, OPTIONS).position
    assert chosen.option == "fixing the cause"
