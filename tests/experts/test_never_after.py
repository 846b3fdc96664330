"""Specification of a view held against an act after a case ("A seventh consecutive working
day is paid at double time, so I never schedule a Sunday after a six-day week"), and of a
span of weekdays read as the days it counts ("worked Monday to Saturday" is a six-day week):
the question that states the case and asks for the act is opposed (cold try c18-r13, #10:
the operations expert quoted the rule and supported the Sunday)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.polarity import cases
from agentstream.experts.reading import with_day_spans
from tests.experts.leanings import leaning

SUNDAY = (
    "The team has worked Monday to Saturday this week. Should we pay double time and bring "
    "everyone in on Sunday to catch up?"
)


def test_a_view_against_an_act_after_a_case_names_the_case() -> None:
    rule = "I never schedule a Sunday after a six-day week."
    assert cases(rule) == ("I never schedule a Sunday", ["a six-day week"])
    # a figure's range is no case of a view
    assert cases("Entitlement rises by 1 day after 5 years of service.") is None


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("We worked Monday to Saturday.", "We worked Monday to Saturday (a six-day week)."),
        ("open mon-fri", "open mon-fri (a five-day week)"),
        ("on Monday, then Saturday", "on Monday, then Saturday"),
    ],
)
def test_a_span_of_weekdays_is_said_as_the_days_it_counts(question: str, read: str) -> None:
    assert with_day_spans(question) == read


def test_the_act_after_the_case_it_is_never_done_after_is_opposed(
    experts: dict[str, ExpertProfile],
) -> None:
    position = leaning(experts, "operations_expert", SUNDAY).position
    assert position.stance is Stance.OPPOSE
    assert "I never schedule a Sunday after a six-day week" in position.summary
