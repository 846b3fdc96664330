"""The asker's figures against a rule's bounds: which rows of a rule speak of the asker's case."""

from decimal import Decimal

import pytest

from agentstream.agents.bounds import Amount, meets_a_bound, stated_amounts


def test_the_figures_a_question_states_are_read_with_what_they_count() -> None:
    assert stated_amounts("about 7k worth, and $1,250 more, over 11 hrs in 3 days, job 12") == [
        Amount(Decimal("7000"), "$"),
        Amount(Decimal("1250"), "$"),
        Amount(Decimal("11.001"), "hour"),  # over 11: a little more
        Amount(Decimal("3"), "day"),
    ]


@pytest.mark.parametrize(
    ("question", "statement", "met"),
    [
        ("damage about 7k worth", "a safety incident, or property damage over $5,000", True),
        ("damage about 4k worth", "a safety incident, or property damage over $5,000", False),
        ("I work 11 hours on a call-out", "Hours over 10 in a single day", True),
        ("I work 10 hours on a call-out", "Hours over 10 in a single day", False),
        # "more than 10 hrs" is past 10, so it is over 10
        ("if I work more than 10 hrs", "Hours over 10 in a single day", True),
        ("off sick for 4 days", "required for absences longer than 3 consecutive days", True),
        ("off sick for 2 days", "required for absences longer than 3 consecutive days", False),
        ("a gesture of $800", "a goodwill gesture of up to $500", False),
        ("a gesture of $300", "a goodwill gesture of up to $500", True),
        # a figure in another unit meets nothing
        ("I work 11 hours", "property damage over $5", False),
    ],
)
def test_a_statement_speaks_of_the_case_when_the_askers_figure_meets_its_bound(
    question: str, statement: str, met: bool
) -> None:
    assert meets_a_bound(stated_amounts(question), statement) is met
