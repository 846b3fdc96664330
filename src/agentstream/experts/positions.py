"""The machine-readable lines that end expert turns: `POSITION:` and `RANKING:`.

The offline engine writes them with `format_position`/`format_ranking`; a real model is asked
to write the same lines, and its turns are read with the same tolerant parsers, which never
raise: a line they cannot read with certainty is treated as absent (None, or no ranking).
"""

import re
from collections.abc import Sequence

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import whole_sentences

POSITION_KEY = "POSITION"
RANKING_KEY = "RANKING"

_STANCE_WORDS: dict[str, Stance] = {
    **dict.fromkeys(
        ("support", "supports", "supported", "supporting", "agree", "agrees", "approve",
         "approves", "approved", "accept", "accepts", "endorse", "endorses", "favor", "favour",
         "yes"),
        Stance.SUPPORT,
    ),
    **dict.fromkeys(
        ("oppose", "opposes", "opposed", "opposing", "disagree", "disagrees", "reject",
         "rejects", "rejected", "against", "object", "objects"),
        Stance.OPPOSE,
    ),
    **dict.fromkeys(
        ("neutral", "unsure", "undecided", "uncertain", "mixed", "unclear"),
        Stance.NEUTRAL,
    ),
}  # fmt: skip
_NEGATIONS = frozenset(("not", "don't", "dont", "never", "cannot", "can't", "won't", "no"))
_CONFIDENCE_WORDS = {"very high": 0.9, "high": 0.8, "medium": 0.5, "moderate": 0.5, "low": 0.3}
# Markdown emphasis and heading/quote markers; ">" between ranked labels is kept.
_MARKUP = re.compile(r"\*+|`+|^\s*(?:#+|>)\s*")
# "position" opening the line, or followed by a separator or "is": the line declaring a stance.
_POSITION_LINE = re.compile(
    r"^\s*(?:(?:final|my)\s+)?position\b\s*[:=\-–—]?|\bposition\b\s*(?:[:=\-–—]|is\b)",
    re.IGNORECASE,
)
_RANKING_LINE = re.compile(r"\branking\s*[:=\-–—]", re.IGNORECASE)
_CONFIDENCE = re.compile(r"\bconf(?:idence|\.)?\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.\-])(\d+(?:\.\d+)?|\.\d+)\s*(%|/\s*100?\b)?")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_SUMMARY_MAX_CHARS = 240
_ABSTAIN_CONFIDENCE = re.compile(
    r"^\W*\(?\s*conf(?:idence|\.)?\b\s*[:=]?\s*\d*(?:\.\d+)?\s*%?\s*\)?", re.IGNORECASE
)


def format_position(position: Position) -> str:
    """The line ending POSITION/ANSWER/CHALLENGE turns: `POSITION: support (confidence 0.80)`,
    `POSITION: support De Novo (confidence 0.70)` or `POSITION: abstain`."""
    if position.abstain:
        return f"{POSITION_KEY}: {ABSTAIN}"
    option = f" {position.option}" if position.option is not None else ""
    return f"{POSITION_KEY}: {position.stance.value}{option} (confidence {position.confidence:.2f})"


ABSTAIN = "abstain"


def format_ranking(labels: Sequence[str]) -> str:
    """The line that ends a RANK turn: `RANKING: Response B > Response A`."""
    return f"{RANKING_KEY}: {' > '.join(labels)}"


def _stance_of(segment: str) -> Stance | None:
    """The single stance named in `segment`; None when none, several, or a negated one."""
    words = _WORD.findall(segment.lower())
    found: list[Stance] = []
    for index, word in enumerate(words):
        stance = _STANCE_WORDS.get(word)
        if stance is None:
            continue
        if _NEGATIONS.intersection(words[max(0, index - 2) : index]):
            return None  # "do not support" is ambiguous between oppose and neutral
        found.append(stance)
    distinct = list(dict.fromkeys(found))
    return distinct[0] if len(distinct) == 1 else None


def _confidence_of(segment: str, bare_integers: bool = True) -> float | None:
    """A confidence in [0, 1] from "0.8", ".8", "80%", "80", "8/10" or "high"; else None."""
    match = _NUMBER.search(segment)
    if match is None:
        lowered = segment.lower()
        for word, value in _CONFIDENCE_WORDS.items():
            if re.search(rf"\b{word}\b", lowered):
                return value
        return None
    literal = match.group(1)
    value = float(literal)
    unit = (match.group(2) or "").replace(" ", "")
    # A bare whole number above 1 ("80") is a percentage; "1.5" is not a confidence at all.
    if not unit and "." not in literal and not bare_integers:
        return None
    if unit in ("%", "/100") or (not unit and value > 1 and "." not in literal):
        value /= 100
    elif unit == "/10":
        value /= 10
    return value if 0.0 <= value <= 1.0 else None


def _summary_before(lines: list[str], index: int, after: str) -> str:
    """The reason given after the confidence on the line itself, else the last sentence
    before the line."""
    # the confidence's closing bracket opens it; a bracket the reason opened closes it
    reason = after.lstrip(" \t)]-–—:;,.").rstrip(" \t-–—:;,.")
    if reason.endswith((")", "]")) and reason.count("(") + reason.count("[") == 0:
        reason = reason.rstrip(")]")
    if len(reason) > 3:
        return whole_sentences(reason, _SUMMARY_MAX_CHARS)
    for line in reversed(lines[:index]):
        text = _MARKUP.sub("", line).strip()
        if text:
            return _SENTENCE.split(text)[-1]
    return ""


_ABSTAINS = re.compile(r"^\W*abstain(?:s|ing)?\b", re.IGNORECASE)


def _option_in(text: str, options: Sequence[str]) -> str | None:
    """The one option `text` names (the longest when one contains another), else None."""
    named = [o for o in options if _label_pattern(o).search(text)]
    named = [o for o in named if not any(o != other and o in other for other in named)]
    return named[0] if len(named) == 1 else None


def _parse_line(lines: list[str], index: int, options: Sequence[str] = ()) -> Position | None:
    line = _MARKUP.sub("", lines[index])
    declared = _POSITION_LINE.search(line)
    if declared is None:
        return None
    rest = line[declared.end() :]
    if (abstains := _ABSTAINS.search(rest)) is not None:
        # "abstain (confidence 0) none of my documents…": a confidence says nothing here
        reason = _ABSTAIN_CONFIDENCE.sub("", rest[abstains.end() :]).strip(" \t()[]-–—:;,.")
        return Position.abstention(reason or "the expert abstained")
    # The stance comes before the confidence; a number inside the stance ("the 510(k)") is
    # only taken for the confidence when no "confidence" marker says where it is.
    marker = _CONFIDENCE.search(rest)
    if marker is not None:
        stance_part, confidence_part = rest[: marker.start()], rest[marker.end() :]
    else:
        number = _NUMBER.search(rest)
        if number is None:
            return None
        stance_part, confidence_part = rest[: number.start()], rest[number.start() :]
    option = _option_in(stance_part, options) if options else None
    if option is not None:
        stance_part = _label_pattern(option).sub(" ", stance_part)
    stance = _stance_of(stance_part) or _stance_of(rest)
    if stance is None and option is not None:
        stance = Stance.SUPPORT  # naming an option is choosing it
    confidence = _confidence_of(confidence_part)
    if confidence is None and marker is not None:  # "support, 8/10 confidence"
        confidence = _confidence_of(stance_part, bare_integers=False)
    if stance is None or confidence is None:
        return None
    number_after = _NUMBER.search(confidence_part)
    after = confidence_part[number_after.end() :] if number_after else ""
    return Position(stance, round(confidence, 4), _summary_before(lines, index, after), option)


def declares_position(text: str) -> bool:
    """Whether a line of `text` declares a position, readable or not ("POSITION: …")."""
    return any(_POSITION_LINE.search(_MARKUP.sub("", line)) for line in text.splitlines())


def parse_position(text: str, options: Sequence[str] = ()) -> Position | None:
    """The position declared by the last well-formed `POSITION:` line of a turn, or None.

    Tolerates case, Markdown emphasis, spacing, "confidence: 80%", "0.8", "8/10", "high", and
    stance synonyms (agree/approve → support, disagree/reject → oppose, abstain/unsure →
    neutral); `abstain` is an abstention. With `options`, the option the line names is the
    position's option. The summary is the reason after the confidence, else the sentence
    before the line.
    """
    try:
        lines = text.splitlines()
        for index in range(len(lines) - 1, -1, -1):
            position = _parse_line(lines, index, options)
            if position is not None:
                return position
    except (ValueError, TypeError, AttributeError):
        return None
    return None


def _label_pattern(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(text)}(?![\w])", re.IGNORECASE)


def parse_ranking(text: str, labels: Sequence[str]) -> tuple[str, ...]:
    """The labels in the order the last `RANKING:` line names them (best first).

    A label matches in full ("Response B") or by its distinctive last word ("B"); unknown
    names and repeats are dropped. No ranking line gives an empty tuple.
    """
    try:
        declared = [
            match
            for line in text.splitlines()
            if (match := _RANKING_LINE.search(_MARKUP.sub("", line))) is not None
        ]
        if not declared or not labels:
            return ()
        line = declared[-1].string[declared[-1].end() :]
        last_words = [label.split()[-1] if label.split() else label for label in labels]
        found: list[tuple[int, str]] = []
        for label, last in zip(labels, last_words, strict=True):
            match = _label_pattern(label).search(line)
            if match is None and last != label and last_words.count(last) == 1:
                match = _label_pattern(last).search(line)
            if match is not None:
                found.append((match.start(), label))
        return tuple(dict.fromkeys(label for _, label in sorted(found)))
    except (ValueError, TypeError, AttributeError):
        return ()
