"""Specification of the POSITION/RANKING line parsers used on offline and real-model turns."""

import pytest

from agentstream.deliberation.turns import Position, Stance
from agentstream.experts.positions import (
    format_position,
    format_ranking,
    parse_position,
    parse_ranking,
)

SUP, OPP, NEU = Stance.SUPPORT, Stance.OPPOSE, Stance.NEUTRAL


@pytest.mark.parametrize(
    ("text", "stance", "confidence"),
    [
        ("POSITION: support (confidence 0.80)", SUP, 0.80),
        ("position: SUPPORT (Confidence: 0.8)", SUP, 0.8),
        ("**POSITION:** Oppose (confidence: 80%)", OPP, 0.8),
        ("POSITION:   neutral   ( confidence   0.35 )", NEU, 0.35),
        ("Position - I agree, confidence 0.9", SUP, 0.9),
        ("POSITION: approve (confidence .75)", SUP, 0.75),
        ("POSITION: disagree (confidence 65%)", OPP, 0.65),
        ("POSITION: reject, confidence=0.7", OPP, 0.7),
        ("POSITION: undecided (confidence 0.5)", NEU, 0.5),
        ("POSITION: unsure (confidence 30)", NEU, 0.3),
        ("Final position: support, 8/10 confidence", SUP, 0.8),
        ("POSITION: support, 85% confident", SUP, 0.85),
        ("POSITION: oppose (confidence: high)", OPP, 0.8),
        ("My position is: support (confidence 0.6)", SUP, 0.6),
        ("> POSITION: support (confidence 0.80)", SUP, 0.8),
        ("`POSITION: support (confidence 0.80)`", SUP, 0.8),
        ("POSITION: support the 510(k) (confidence 0.7)", SUP, 0.7),
        ("POSITION: support (confidence 0.8", SUP, 0.8),
        (
            "Some reasoning.\nPOSITION: oppose (confidence 0.4)\n\nPOSITION: support (conf 0.7)",
            SUP,
            0.7,
        ),
        ("POSITION: Supports (confidence 1)", SUP, 1.0),
        ("POSITION: neutral (confidence 0)", NEU, 0.0),
    ],
)
def test_parse_position_reads_tolerant_variants(
    text: str, stance: Stance, confidence: float
) -> None:
    position = parse_position(text)
    assert position is not None
    assert (position.stance, position.confidence) == (stance, pytest.approx(confidence))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I support this strongly, with confidence 0.9.",
        "POSITION: maybe (confidence 0.5)",
        "POSITION: support",
        "POSITION: support (confidence 1.5)",
        "POSITION: support (confidence 150%)",
        "POSITION: support (confidence -0.5)",
        "POSITION: support and oppose (confidence 0.5)",
        "POSITION: do not support (confidence 0.6)",
        "POSITION: neutral (confidence NaN)",
        "POSITION: support the 510(k) (confidence unknown)",
        "The FDA's position on this is unclear, confidence 0.8.",
        "POSITION (confidence 0.8)",
    ],
)
def test_parse_position_returns_none_when_absent_or_malformed(text: str) -> None:
    assert parse_position(text) is None


def test_parse_position_never_raises_on_odd_input() -> None:
    for text in ("POSITION:", "POSITION: " + "support " * 10_000, "\x00POSITION\x00", "::::"):
        parse_position(text)  # must not raise


@pytest.mark.parametrize(
    "position",
    [
        Position(SUP, 0.8),
        Position(OPP, 0.05),
        Position(NEU, 0.2),
        Position(SUP, 1.0),
        Position(OPP, 0.0),
        Position(NEU, 0.55),
    ],
)
def test_format_position_round_trips(position: Position) -> None:
    line = format_position(position)
    assert line == f"POSITION: {position.stance.value} (confidence {position.confidence:.2f})"
    assert parse_position(line) == position


def test_summary_is_the_sentence_before_the_line() -> None:
    text = "Evidence first. A Pre-Sub settles it.\nPOSITION: support (confidence 0.70)"
    position = parse_position(text)
    assert position is not None and position.summary == "A Pre-Sub settles it."


def test_summary_is_the_reason_given_on_the_line() -> None:
    position = parse_position("POSITION: oppose (confidence 0.6) — the costs are too high")
    assert position is not None and position.summary == "the costs are too high"


LABELS = ("Response A", "Response B", "Response C")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RANKING: Response B > Response A > Response C", LABELS[1::-1] + LABELS[2:]),
        ("Notes.\n**ranking:** response c > response a", ("Response C", "Response A")),
        ("RANKING: B > A > C", ("Response B", "Response A", "Response C")),
        ("RANKING: 1) Response C, 2) Response B, 3) Response A", LABELS[::-1]),
        (
            "RANKING: Response D > Response B > Response B > Response A",
            ("Response B", "Response A"),
        ),
        ("RANKING: Response A > B\nRANKING: Response C > Response A", ("Response C", "Response A")),
        ("I like Response B best.", ()),
        ("RANKING: none of them", ()),
    ],
)
def test_parse_ranking(text: str, expected: tuple[str, ...]) -> None:
    assert parse_ranking(text, LABELS) == expected


def test_parse_ranking_tells_similar_labels_apart() -> None:
    labels = ("Expert 1", "Expert 10")
    assert parse_ranking("RANKING: Expert 10 > Expert 1", labels) == labels[::-1]


def test_format_ranking_round_trips() -> None:
    ranked = ("Response C", "Response A", "Response B")
    assert format_ranking(ranked) == "RANKING: Response C > Response A > Response B"
    assert parse_ranking(format_ranking(ranked), LABELS) == ranked


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("POSITION: abstain", "the expert abstained"),
        ("**Position:** Abstain (outside my documents)", "outside my documents"),
        # the format's "(confidence …)" written out, though an abstention has none
        (
            "POSITION: abstain (confidence 0) none of my documents covers this question",
            "none of my documents covers this question",
        ),
        ("POSITION: abstain (confidence: 0.0): not my area", "not my area"),
    ],
)
def test_parse_position_reads_an_abstention_as_no_vote(text: str, reason: str) -> None:
    position = parse_position(text)
    assert position is not None
    assert (position.abstain, position.reason, position.confidence) == (True, reason, 0.0)


def test_parse_position_names_the_option_chosen() -> None:
    options = ("De Novo", "510(k)")
    position = parse_position("POSITION: support 510(k) (confidence 0.70)", options)
    assert position is not None
    assert (position.option, position.stance, position.confidence) == ("510(k)", SUP, 0.7)
    bare = parse_position("Position: De Novo, confidence 0.6", options)
    assert bare is not None and (bare.option, bare.stance) == ("De Novo", SUP)


def test_format_position_round_trips_options_and_abstentions() -> None:
    options = ("De Novo", "510(k)")
    for position in (
        Position(SUP, 0.7, "", "De Novo"),
        Position(OPP, 0.4),
        Position.abstention("the expert abstained"),
    ):
        parsed = parse_position(format_position(position), options)
        assert parsed is not None
        assert (parsed.choice, parsed.abstain, parsed.confidence) == (
            position.choice,
            position.abstain,
            position.confidence,
        )
