"""What a capable model states as data: a position, a council ranking, a question's framing.

Each one has a JSON schema, offered as a tool (`StatementMode.TOOLS`), as an OpenAI
JSON-schema response format (`JSON_SCHEMA`, for servers that cannot call tools), or read from
a machine-readable line (`LINES`, for servers with neither). A reader takes a tool call's
arguments, a reply that is JSON, or the line, in that order.
"""

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from agentstream.deliberation.position import POSITION_FORMAT, RANKING_FORMAT, Position, Stance
from agentstream.deliberation.turns import TurnKind
from agentstream.experts.positions import declares_position, parse_position, parse_ranking
from agentstream.panels.domain.configuration import MAX_OPTIONS, MIN_OPTIONS

POSITION_TOOL = "state_position"
RANKING_TOOL = "submit_ranking"
FRAMING_TOOL = "frame_question"
POSITIONED = (TurnKind.POSITION, TurnKind.ANSWER, TurnKind.CHALLENGE)
FRAMING_FORMAT = "OPTIONS: <option> | <option> | …  or  PROPOSITION: <one statement>"
T = TypeVar("T")
_FRAMING_LINE = re.compile(r"^\W*(options|proposition)\W*[:=]\s*(.+)$", re.IGNORECASE | re.M)


class Invalid(ValueError):
    """A statement the model made that is not a valid one; its text says why, to tell it."""


@dataclass(frozen=True, slots=True)
class Unread:
    """No statement could be read from a reply; `problem` says what was wrong with the one the
    model made (None: it made none)."""

    problem: str | None = None


class StatementMode(StrEnum):
    """How a model states structured data: the first of these its server supports."""

    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    LINES = "lines"


@dataclass(frozen=True, slots=True)
class Statement(Generic[T]):
    """One kind of structured statement: its name (tool and schema), its JSON schema, the line
    that states it in text, and how to read it from arguments or from a line (both raise
    `Invalid` for a statement made wrongly; a line reader returns None when there is none)."""

    name: str
    noun: str
    description: str
    schema: dict[str, Any]
    line: str
    from_args: Callable[[Mapping[str, Any]], T]
    from_line: Callable[[str], T | None]

    def tool(self) -> dict[str, Any]:
        """The statement as a tool, in the OpenAI format."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.schema,
            },
        }

    def read(self, calls: Sequence[Mapping[str, Any]], text: str) -> T | Unread:
        """The statement of a reply: its tool call, else its text as JSON, else its line; or
        what was wrong with the one it made."""
        problem: str | None = None
        for call in calls:
            if call.get("name") == self.name:
                try:
                    return self.from_args(dict(call.get("args") or {}))
                except Invalid as error:
                    problem = problem or f"Your {self.name} call was not valid: {error}"
        data = _json_object(text)
        if data is not None:
            try:
                return self.from_args(data)
            except Invalid as error:
                problem = problem or f"Your {self.noun} was not valid: {error}"
        try:
            stated = self.from_line(text)
        except Invalid as error:
            return Unread(problem or f"Your {self.noun} line was not valid: {error}")
        return Unread(problem) if stated is None else stated

    def ask(self, mode: StatementMode, problem: str | None = None) -> str:
        """The message asking for the statement alone (saying what was wrong, if anything)."""
        how = {
            StatementMode.TOOLS: f"call {self.name}",
            StatementMode.JSON_SCHEMA: "answer with the JSON object alone",
            StatementMode.LINES: f"write one line: {self.line}",
        }[mode]
        return f"{f'{problem} ' if problem else ''}State your {self.noun} alone, now: {how}."


def _json_object(text: str) -> dict[str, Any] | None:
    stripped = text.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def position_schema(options: Sequence[str]) -> dict[str, Any]:
    """The JSON schema of a position (`deliberation.position.Position`)."""
    option: dict[str, Any] = {
        "type": ["string", "null"],
        "description": 'The option you choose (stance "support"); null: none of them '
        '(stance "neutral"), or the panel has no options.',
    }
    if options:
        option["enum"] = [*options, None]
    return {
        "type": "object",
        "properties": {
            "stance": {
                "type": "string",
                "enum": [s.value for s in Stance],
                "description": "Your side of the proposition; with options, "
                '"support" to choose the option you name or "neutral" for none of them.',
            },
            "option": option,
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "summary": {"type": "string", "description": "Your reason, one sentence."},
            "abstain": {
                "type": "boolean",
                "description": "True: you do not vote (the question is outside your expertise).",
            },
            "reason": {"type": ["string", "null"], "description": "Why you abstain."},
        },
        "required": ["stance", "confidence", "summary", "abstain"],
    }


def position_from_args(args: Mapping[str, Any], options: Sequence[str]) -> Position:
    """A position from its JSON arguments (`Invalid` when they are not a valid one)."""
    if args.get("abstain") is True:
        reason = args.get("reason") or args.get("summary") or "the expert abstained"
        return Position.abstention(str(reason), str(args.get("summary") or ""))
    quoted = [f'"{s.value}"' for s in Stance]
    stances = f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    try:
        stance = Stance(str(args.get("stance")))
    except ValueError:
        raise Invalid(f"stance must be {stances}.") from None
    confidence = args.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise Invalid("confidence must be a number from 0 to 1.")
    if not 0 <= confidence <= 1:
        raise Invalid(f"confidence must be from 0 to 1, not {confidence}.")
    option = args.get("option")
    if option is not None and not isinstance(option, str):
        raise Invalid("option must be a string or null.")
    return checked_position(
        Position(stance, float(confidence), str(args.get("summary") or ""), option), options
    )


def checked_position(position: Position, options: Sequence[str]) -> Position:
    """`position` if it is a vote on this panel (`Invalid` otherwise): with options, choosing
    one (support, naming it) or none of them (neutral); without, a stance alone."""
    option = position.option
    if position.abstain:
        return position
    if not options:
        if option is not None:
            raise Invalid("this panel has no options: option must be null.")
        return position
    if option is not None and option not in options:
        raise Invalid(f'"{option}" is not one of the options: {" | ".join(options)}.')
    if option is not None and position.stance is not Stance.SUPPORT:
        raise Invalid(
            f'a vote names the option you choose, with stance "support" ("{position.stance}" '
            f'of "{option}" chooses nothing); to choose none of them, stance "neutral" and no '
            "option."
        )
    if option is None and position.stance is not Stance.NEUTRAL:
        raise Invalid(
            f'with stance "{position.stance}", name the option you choose: '
            f'{" | ".join(options)} (stance "neutral" and no option: none of them).'
        )
    return position


def position_statement(options: Sequence[str]) -> Statement[Position]:
    """A position on the panel question, among `options` if it has some."""
    return Statement(
        POSITION_TOOL,
        "position",
        "State your position on the panel question.",
        position_schema(options),
        POSITION_FORMAT,
        lambda args: position_from_args(args, options),
        lambda text: _checked_line(text, options),
    )


def _checked_line(text: str, options: Sequence[str]) -> Position | None:
    position = parse_position(text, options)
    if position is None:
        if declares_position(text):
            # a line was written, not in the format: say which
            raise Invalid(f"it must read: {POSITION_FORMAT}.")
        return None
    return checked_position(position, options)


def ranking_from_args(args: Mapping[str, Any], labels: Sequence[str]) -> tuple[str, ...]:
    """The shown labels a ranking names, best first, without repeats (`Invalid` when none)."""
    ranking = args.get("ranking")
    if not isinstance(ranking, list):
        raise Invalid("ranking must be a list of the labels you were shown.")
    ranked = tuple(dict.fromkeys(label for label in ranking if label in labels))
    if not ranked:
        raise Invalid(
            "it must order the labels of the responses you were shown "
            f"({', '.join(labels)}), and it named none of them."
        )
    return ranked


def ranking_statement(labels: Sequence[str]) -> Statement[tuple[str, ...]]:
    """A council reviewer's ranking of the responses it was shown (`labels`)."""
    return Statement(
        RANKING_TOOL,
        "ranking",
        "Rank the responses you were shown, best first.",
        {
            "type": "object",
            "properties": {
                "ranking": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(labels)},
                    "description": "The labels of the responses, best first.",
                }
            },
            "required": ["ranking"],
        },
        RANKING_FORMAT,
        lambda args: ranking_from_args(args, labels),
        lambda text: parse_ranking(text, labels) or None,
    )


@dataclass(frozen=True, slots=True)
class Framing:
    """How the panel votes: on options (2 or more), or on a proposition."""

    options: tuple[str, ...] = ()
    proposition: str | None = None


def framing_from_args(args: Mapping[str, Any]) -> Framing:
    """A framing from its JSON arguments: valid options, else a proposition (`Invalid` if
    neither)."""
    options = args.get("options")
    if isinstance(options, list) and all(isinstance(o, str) for o in options):
        named = tuple(dict.fromkeys(o.strip() for o in options if o.strip()))
        if MIN_OPTIONS <= len(named) <= MAX_OPTIONS:
            return Framing(options=named)
    proposition = args.get("proposition")
    if isinstance(proposition, str) and proposition.strip():
        return Framing(proposition=proposition.strip())
    raise Invalid(f"give {MIN_OPTIONS} to {MAX_OPTIONS} different options, or one proposition.")


def framing_from_line(text: str) -> Framing | None:
    """A framing from its `OPTIONS:` or `PROPOSITION:` line."""
    problem: Invalid | None = None
    for key, value in reversed(_FRAMING_LINE.findall(text)):
        try:
            if key.lower() == "options":
                return framing_from_args({"options": value.split("|")})
            return framing_from_args({"proposition": value})
        except Invalid as error:
            problem = problem or error
    if problem is not None:
        raise problem
    return None


FRAMING = Statement(
    FRAMING_TOOL,
    "framing",
    "Frame the panel question: the options it chooses between, or one proposition.",
    {
        "type": "object",
        "properties": {
            "options": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The alternatives the question names; empty: none.",
            },
            "proposition": {
                "type": ["string", "null"],
                "description": "Without options: a statement the experts support or oppose.",
            },
        },
        "required": ["options", "proposition"],
    },
    FRAMING_FORMAT,
    framing_from_args,
    framing_from_line,
)
