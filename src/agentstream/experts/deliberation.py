"""Capable models deliberate: the prompt of an expert turn, and the position or ranking the
model states as structured data (a tool call), with a `POSITION:`/`RANKING:` line as the
fallback for servers that cannot call tools.

The prompt holds the expert's persona and role, the passages of its own knowledge most relevant
to the question (with their ids), the strategy's instruction for the round and the
contributions the strategy lets it see. No offline draft is in it: the model writes the turn.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.positions import parse_position, parse_ranking

POSITION_TOOL = "state_position"
RANKING_TOOL = "submit_ranking"
POSITIONED = (TurnKind.POSITION, TurnKind.ANSWER, TurnKind.CHALLENGE)
RETRY_POSITION = (
    f"State your position only, now: call {POSITION_TOOL}, or write one line "
    "`POSITION: <support|oppose|neutral|abstain> [option] (confidence <0..1>)`."
)
RETRY_RANKING = (
    f"State your ranking only, now: call {RANKING_TOOL}, or write one line "
    "`RANKING: <label> > <label> > …`, best first."
)


def expert_prompt(expert: ExpertProfile, query: str, request: TurnRequest) -> list[BaseMessage]:
    """The messages of one expert turn for a capable model (no draft)."""
    knowledge = knowledge_of(expert)
    passages = knowledge.relevant_to(query, request.options)
    system = (
        f"You are {expert.name}, {expert.role}. {expert.persona}\n"
        "You sit on an expert panel. Speak from your own knowledge below and cite its passages "
        "by their id in square brackets, e.g. [id]. If your knowledge does not cover the "
        "question, say so and abstain."
    )
    lines = [f"Panel question: {query}"]
    if request.options:
        lines.append(f"Options: {' | '.join(request.options)} (choose one of them, or none).")
    lines.append("Your knowledge, the passages most relevant to the question:")
    if passages:
        lines += [f"[{chunk.chunk_id}] {chunk.section}: {chunk.text}" for chunk in passages]
    else:
        lines.append("(none of your documents covers this question)")
    lines += ["", f"Your task in this round: {request.instruction}"]
    if request.visible:
        lines += ["", "What you may see of the panel:"]
        lines += [f"[{c.label}] {c.text}" for c in request.visible]
    if request.kind in POSITIONED:
        lines += ["", f"After your answer, call {POSITION_TOOL} with your position."]
    elif request.kind is TurnKind.RANK:
        lines += ["", f"After your answer, call {RANKING_TOOL} with the labels, best first."]
    return [SystemMessage(system), HumanMessage("\n".join(lines))]


def position_tool(options: Sequence[str]) -> dict[str, Any]:
    """The `state_position` tool, in the OpenAI format."""
    option: dict[str, Any] = {"type": ["string", "null"]}
    if options:
        option["enum"] = [*options, None]
    return {
        "type": "function",
        "function": {
            "name": POSITION_TOOL,
            "description": "State your position on the panel question.",
            "parameters": {
                "type": "object",
                "properties": {
                    "stance": {"type": "string", "enum": [s.value for s in Stance]},
                    "option": option,
                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    "summary": {"type": "string", "description": "Your reason, one sentence."},
                    "abstain": {
                        "type": "boolean",
                        "description": "True: you do not vote (outside your expertise).",
                    },
                    "reason": {
                        "type": ["string", "null"],
                        "description": "Why you abstain.",
                    },
                },
                "required": ["stance", "confidence", "summary", "abstain"],
            },
        },
    }


def ranking_tool(labels: Sequence[str]) -> dict[str, Any]:
    """The `submit_ranking` tool, in the OpenAI format."""
    return {
        "type": "function",
        "function": {
            "name": RANKING_TOOL,
            "description": "Rank the responses you were shown, best first.",
            "parameters": {
                "type": "object",
                "properties": {
                    "ranking": {
                        "type": "array",
                        "items": {"type": "string", "enum": list(labels)},
                    }
                },
                "required": ["ranking"],
            },
        },
    }


def tools_for(request: TurnRequest) -> list[dict[str, Any]]:
    """The tools a turn offers: the position tool, the ranking tool, or none."""
    if request.kind in POSITIONED:
        return [position_tool(request.options)]
    if request.kind is TurnKind.RANK:
        return [ranking_tool([c.label for c in request.visible])]
    return []


def position_from_call(args: dict[str, Any], options: Sequence[str]) -> Position | None:
    """A position from `state_position` arguments; None when they are not a valid one."""
    try:
        if args.get("abstain") is True:
            reason = args.get("reason") or args.get("summary") or "the expert abstained"
            return Position.abstention(str(reason), str(args.get("summary") or ""))
        option = args.get("option")
        if option is not None and option not in options:
            return None
        confidence = args["confidence"]
        if isinstance(confidence, bool) or not isinstance(confidence, int | float):
            return None
        return Position(
            Stance(str(args["stance"])),
            float(confidence),
            str(args.get("summary") or ""),
            option,
        )
    except (KeyError, ValueError, TypeError):
        return None


def ranking_from_call(args: dict[str, Any], labels: Sequence[str]) -> tuple[str, ...]:
    """The labels of `submit_ranking`, shown ones only, without repeats."""
    ranking = args.get("ranking")
    if not isinstance(ranking, list):
        return ()
    return tuple(dict.fromkeys(label for label in ranking if label in labels))


def read_position(
    calls: Sequence[Mapping[str, Any]], text: str, options: Sequence[str]
) -> Position | None:
    """The position of a reply: its `state_position` call, else its `POSITION:` line."""
    for call in calls:
        if call.get("name") == POSITION_TOOL:
            position = position_from_call(dict(call.get("args") or {}), options)
            if position is not None:
                return position
    return parse_position(text, options)


def read_ranking(
    calls: Sequence[Mapping[str, Any]], text: str, labels: Sequence[str]
) -> tuple[str, ...]:
    """The ranking of a reply: its `submit_ranking` call, else its `RANKING:` line."""
    for call in calls:
        if call.get("name") == RANKING_TOOL:
            ranking = ranking_from_call(dict(call.get("args") or {}), labels)
            if ranking:
                return ranking
    return parse_ranking(text, labels)
