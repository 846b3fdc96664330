"""Specification of a default view against a case stated by figures: "If weekend overtime is
what it takes to stop missing SLA targets, I support it" is a view of the usual proposal, no
answer to "10 overtime hours already, another 4-hour block?" or "a call-out ended at 03:30,
the 08:00 shift?", which rules the expert's documents do not hold decide (cold try c18-r13,
#1 and #7: the customer expert supported at 0.85 against the 12-hour cap)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from tests.experts.leanings import leaning

DANA = (
    "Dana has already logged 10 overtime hours this week. A premium customer's urgent job "
    "needs another 4-hour overtime block on Friday - can we assign it to her?"
)
CALL_OUT = (
    "One of our techs finished a night call-out at 03:30 this morning. Can we still put him "
    "on the 08:00 Saturday shift to help with the backlog?"
)


@pytest.mark.parametrize("query", [DANA, CALL_OUT])
def test_a_default_view_does_not_decide_figures_its_documents_do_not_bound(
    experts: dict[str, ExpertProfile], query: str
) -> None:
    position = leaning(experts, "customer_expert", query).position
    assert position.stance is Stance.NEUTRAL
    assert "nothing on the figures of the case you state" in position.summary


@pytest.mark.parametrize("query", [DANA, CALL_OUT])
def test_documents_that_bound_the_figures_still_decide(
    experts: dict[str, ExpertProfile], query: str
) -> None:
    for agent_id in ("operations_expert", "safety_expert"):
        assert leaning(experts, agent_id, query).position.stance is Stance.OPPOSE


def test_how_many_people_is_no_figure_a_default_needs_bounded(
    experts: dict[str, ExpertProfile],
) -> None:
    query = (
        "A customer reported a live electrical fault at 11pm. Is it OK to send just one "
        "technician out on his own to deal with it tonight?"
    )
    assert leaning(experts, "safety_expert", query).position.stance is Stance.OPPOSE


def test_a_default_view_holds_for_the_case_it_is_a_view_of(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r16, #11: a 5-week backlog silenced the finance expert's view against
    # weekend overtime for the whole team, on that very question.
    query = (
        "Backlog at 5 weeks. Should we schedule mandatory Saturday overtime for the whole team "
        "for three weekends?"
    )
    assert leaning(experts, "finance_expert", query).position.stance is Stance.OPPOSE


MARCO = (
    "Marco has already logged 9 overtime hours this week. A premium customer needs a 5-hour "
    "job done on Friday after his regular shift. Who should do it?"
)


def test_an_option_that_would_break_a_limit_is_ruled_out_by_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # Cold try c18-r16, #6: the panel chose "Marco on overtime", 9 + 5 = 14 overtime hours
    # against the 12-hour weekly cap, and safety, whose documents hold the cap, abstained.
    options = ("Marco on overtime", "a subcontractor")
    for agent_id in ("operations_expert", "safety_expert"):
        position = leaning(experts, agent_id, MARCO, options).position
        assert position.option == "a subcontractor"
        assert "14 overtime hours a week, more than the 12 they allow" in position.summary
    # a default view does not choose against figures its documents do not bound
    assert leaning(experts, "customer_expert", MARCO, options).position.option is None


@pytest.mark.parametrize(
    ("query", "stance"),
    [
        ("Should we schedule weekend overtime for the whole team to clear a two-week backlog?",
         Stance.NEUTRAL),
        # the case its documents hold the view in, and the usual case, of no size
        ("Should we schedule weekend overtime for the whole team to clear the backlog?",
         Stance.SUPPORT),
        ("Our backlog is five weeks long. Should we schedule weekend overtime for the whole "
         "team?", Stance.SUPPORT),
    ],
)  # fmt: skip
def test_a_default_held_for_a_bounded_case_only_holds_in_that_case(
    experts: dict[str, ExpertProfile], query: str, stance: Stance
) -> None:
    # "For a backlog of more than three weeks I support scheduled weekend overtime for the
    # whole team for two or three weekends"
    position = leaning(experts, "operations_expert", query).position
    assert position.stance is stance, position.summary
    if stance is Stance.NEUTRAL:
        assert "(a backlog of more than three weeks)" in position.summary


def test_opposing_every_option_named_chooses_none_of_them(
    experts: dict[str, ExpertProfile],
) -> None:
    # Finance opposes blanket weekend overtime and contractors alike: the less opposed is no
    # choice, and "contractors pay only for specialist skills" no reason for contractors.
    options = ("add Saturday shifts", "bring in subcontractors")
    query = "Should we add Saturday shifts or bring in subcontractors to clear the backlog?"
    position = leaning(experts, "finance_expert", query, options).position
    assert position.option is None
