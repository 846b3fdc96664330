"""Reading what a capable model states: a position or a ranking from a tool call, JSON or a
line, or what was wrong with the one it made."""

import pytest

from agentstream.deliberation.position import POSITION_FORMAT, Position, Stance
from agentstream.panels.capable.statements import (
    Unread,
    position_statement,
    ranking_statement,
)

OPTIONS = ("10-hour shifts", "12-hour shifts")


def _call(args: dict[str, object]) -> list[dict[str, object]]:
    return [{"name": "state_position", "args": args}]


def test_a_valid_tool_call_is_the_position() -> None:
    args = {"stance": "support", "option": "12-hour shifts", "confidence": 0.7, "summary": "Ok."}
    stated = position_statement(OPTIONS).read(_call(args), "text")
    assert stated == Position(Stance.SUPPORT, 0.7, "Ok.", "12-hour shifts")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (
            {"stance": "maybe", "confidence": 0.5, "summary": ""},
            'stance must be "support", "oppose" or "neutral".',
        ),
        (
            {"stance": "neutral", "confidence": "high", "summary": ""},
            "confidence must be a number from 0 to 1.",
        ),
        (
            {"stance": "support", "confidence": 0.5, "summary": ""},
            'with stance "support", name the option you choose: 10-hour shifts | 12-hour shifts '
            '(stance "neutral" and no option: none of them).',
        ),
    ],
)
def test_an_invalid_tool_call_says_what_was_wrong(args: dict[str, object], problem: str) -> None:
    stated = position_statement(OPTIONS).read(_call(args), "text")
    assert stated == Unread(f"Your state_position call was not valid: {problem}")


def test_a_position_line_out_of_format_says_the_format() -> None:
    text = "My answer.\nPOSITION: support 12-hour shifts (confidence 7.5) Rest matters."
    stated = position_statement(OPTIONS).read([], text)
    problem = f"Your position line was not valid: it must read: {POSITION_FORMAT}."
    assert stated == Unread(problem)


def test_a_reply_stating_nothing_has_no_problem_to_tell() -> None:
    assert position_statement(()).read([], "Just prose.") == Unread(None)


def test_a_ranking_of_labels_not_shown_is_invalid() -> None:
    stated = ranking_statement(["Response A", "Response B"]).read(
        [{"name": "submit_ranking", "args": {"ranking": ["Response Z"]}}], ""
    )
    assert isinstance(stated, Unread) and stated.problem is not None
    assert "Response A, Response B" in stated.problem
