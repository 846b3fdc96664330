"""Times of day worked out from the gaps and times a rule sets."""

import pytest

from agentstream.agents.clock import (
    calendar_dates,
    clock_times_of,
    least_gap_for,
    work_out_times,
)

REST = "Every technician must have at least 11 consecutive hours of rest between two shifts."
SICK = "If you are sick, call the dispatcher before 07:30, before your first job."


@pytest.mark.parametrize(
    ("question", "statement", "worked"),
    [
        (
            "my call-out finished at 1am, whats the earliest I can start my next shift?",
            REST,
            [
                "01:00 plus 11 hours is 12:00 (“Every technician must have at least 11 "
                "consecutive hours of rest between two shifts”)"
            ],
        ),
        (
            "I finished a call-out at 11pm, can I start at 8am tomorrow?",
            REST,
            [
                "your gap of 9 hours is less than the 11 hours of “Every technician must have "
                "at least 11 consecutive hours of rest between two shifts”"
            ],
        ),
        (
            "can I call the dispatcher at 7:45 if I'm sick?",
            SICK,
            [
                "your 07:45 is after the 07:30 of “If you are sick, call the dispatcher before "
                "07:30, before your first job”"
            ],
        ),
        # the time between two times, against a delay from the first
        (
            "urgent ticket came in at 14:00 and still no tech assigned at 15:10, should I "
            "escalate?",
            "escalate any urgent ticket that still has no technician assigned: after 1 hour for "
            "premium customers and after 3 hours for standard customers.",
            [
                "your gap of 1 hour 10 minutes is more than the 1 hour of “after 1 hour for "
                "premium customers”",
                "your gap of 1 hour 10 minutes is less than the 3 hours of “after 3 hours for "
                "standard customers”",
            ],
        ),
        # half past one in the night
        (
            "my call-out finished at 1:30am, when can I start?",
            REST,
            [
                "01:30 plus 11 hours is 12:30 (“Every technician must have at least 11 "
                "consecutive hours of rest between two shifts”)"
            ],
        ),
        # a gap in minutes
        (
            "finished brazing at 14:20, when can I end the fire watch?",
            "Keep a fire watch for 60 minutes after finishing.",
            ["14:20 plus 1 hour is 15:20 (“Keep a fire watch for 60 minutes after finishing”)"],
        ),
        # a deadline in hours is no least gap
        ("the call came at 9am", "Respond within 2 hours after the call.", []),
        # no time of day, nothing to work out
        ("how long must I rest between shifts?", REST, []),
    ],
)
def test_times_are_worked_out_from_the_rules_gaps_and_times(
    question: str, statement: str, worked: list[str]
) -> None:
    assert work_out_times(question, [statement]) == worked


def test_a_rule_with_a_least_gap_speaks_of_a_question_that_gives_a_time() -> None:
    assert least_gap_for("I finished at 11pm, can I start at 8am?", [REST])
    assert not least_gap_for("can I start early?", [REST])
    assert not least_gap_for("I finished at 11pm", ["Respond within 2 hours after the call."])


def test_the_days_of_the_calendar_a_question_gives_are_named() -> None:
    assert calendar_dates("5 days off starting June 22, today is June 1. enough notice?") == [
        "June 22",
        "June 1",
    ]
    assert calendar_dates("how much notice for 5 days off next month?") == []


def test_the_times_a_question_gives_are_named() -> None:
    assert clock_times_of("urgent ticket logged at 22:10 on Saturday, resolved by when?") == [
        "22:10"
    ]
