"""The offline expert engine: grounded, deterministic drafts of panel turns.

An expert speaks in its role from the passages of its own documents that cover the question
(`ExpertKnowledge.relevant`), cites them by source id, takes the position its knowledge leans
to (`experts.stance`) or abstains when its documents do not cover the question, and moves in
response to the positions it is shown. Each round it brings statements it has not used yet.
The draft carries its position, citations and ranking as data; its text also ends with the
machine-readable lines (`experts.positions`). The grounded path hands the text to the chat
model like the chat agents' grounded answers: the offline model states it as is.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.council import question_turn, rank_turn, synthesis_turn
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.positions import format_position, parse_position
from agentstream.experts.stance import (
    Leaning,
    Move,
    Revision,
    Voice,
    challenge_position,
    initial_leaning,
    revise,
    split_voices,
)
from agentstream.experts.wording import as_role, join_labels, quoted, side

STATEMENTS_PER_TURN = 2
# Words that mark a statement as a risk or a requirement (for arguing against a proposal) or as
# an enabler (for arguing for one), when a devil's advocate picks its evidence.
_CAUTION = re.compile(
    r"\b(risk|risks|require[sd]?|must|delay|delays|cost|costs|not|never|rarely|only|unless|"
    r"fail|fails|withdrawn|incident|incidents|hazard|limit|limits|cap|capped|months?|"
    r"incomplete|missing|stop|stops|cited)\b",
    re.IGNORECASE,
)
_ENABLER = re.compile(
    r"\b(fast|fastest|faster|cheap|cheapest|saves?|most|sufficient|enough|pays|lever|"
    r"easiest|shorten|quick|quickly)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Draft:
    """An offline turn: its text and, as data, its position, ranking and cited sources."""

    text: str
    position: Position | None = None
    citations: tuple[str, ...] = ()
    ranking: tuple[str, ...] = ()


def _cite(pairs: Sequence[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
    """The statements, each followed by its source id, and the ids cited."""
    text = " ".join(f"{statement} [{source}]" for source, statement in pairs)
    return text, tuple(dict.fromkeys(source for source, _ in pairs))


def _fresh(
    found: list[tuple[str, str]], request: TurnRequest, per_turn: int = STATEMENTS_PER_TURN
) -> list[tuple[str, str]]:
    """The statements of this round: those after the ones earlier rounds used (each round
    `per_turn` further down the list), the best ones again only once all were used."""
    if not found:
        return []
    start = (max(request.round_number, 1) - 1) * per_turn
    if start < len(found):
        return found[start : start + per_turn]
    return []


def _abstain(expert: ExpertProfile, leaning: Leaning, query: str) -> Draft:
    reason = leaning.position.reason or "my documents do not cover this question"
    text = (
        f"{as_role(expert)}, I abstain on this question: {reason}, so I cannot weigh it from "
        f"evidence of my own.\n{format_position(leaning.position)}"
    )
    return Draft(text, leaning.position)


def _opening(expert: ExpertProfile, revision: Revision, request: TurnRequest) -> str:
    after = revision.after
    now = "now " if revision.move is Move.SWITCH else ""
    if request.round_number == 1:
        return f"{as_role(expert)}, I {now}{side(after)}."
    return f"{as_role(expert)}, in round {request.round_number} I {now}{side(after)}."


def _movement(revision: Revision) -> str:
    """Whose argument moved the expert, or why it holds firm; empty without other voices."""
    before, after, voice = revision.before, revision.after, revision.voice
    if revision.move is Move.SPLIT:
        return f"The panel is evenly split, so I keep my position at {after.confidence:.2f}."
    if voice is None:
        return ""
    said = quoted(voice.position.summary)
    if revision.move is Move.AGREE:
        allies = [v.label for v in revision.allies] or [voice.label]
        reach = "reaches" if len(allies) == 1 else "reach"
        return (
            f"{join_labels(allies)} {reach} the same view, so I raise my confidence from "
            f"{before.confidence:.2f} to {after.confidence:.2f}."
        )
    if revision.move is Move.HOLD:
        return (
            f"{voice.label} argues otherwise{said}. My own evidence outweighs that for now, "
            f"so I hold my position at {after.confidence:.2f}."
        )
    if revision.move is Move.YIELD:
        return (
            f"{voice.label}'s argument weighs against mine{said}. I take it seriously and lower "
            f"my confidence from {before.confidence:.2f} to {after.confidence:.2f}."
        )
    return (
        f"{voice.label}'s argument moved me{said}: I {side(after)} with confidence "
        f"{after.confidence:.2f}, and my own evidence above becomes conditions to meet."
    )


def _stated_turn(
    expert: ExpertProfile, query: str, request: TurnRequest, lead: str = "", asked: str = ""
) -> Draft:
    """A POSITION or ANSWER turn: opening, cited evidence, movement, conclusion, position.

    The position is on the panel's question; the evidence answers `asked` as well when given.
    """
    knowledge = knowledge_of(expert)
    leaning = initial_leaning(knowledge, query, request.options)
    if not leaning.in_scope:
        return _abstain(expert, leaning, query)
    own, others = split_voices(expert, request.visible)
    start = own if own is not None and not own.abstain else leaning.position
    revision = revise(start, others, leaning.ceiling)
    found = knowledge.evidence(f"{asked} {query}".strip(), leaning.passages)
    fresh = _fresh(found, request)
    evidence, cited = _cite(fresh)
    if not fresh and found:
        # Every relevant statement was used in earlier rounds: point back, do not repeat them.
        sources = ", ".join(dict.fromkeys(source for source, _ in found))
        evidence = f"My documents add nothing beyond what I cited earlier ({sources})."
        cited = tuple(dict.fromkeys(source for source, _ in found))
    opening = _opening(expert, revision, request)
    if lead:
        opening = f"{opening} {lead}"
    paragraphs = [f"{opening} {evidence}".strip(), _movement(revision)]
    after = revision.after
    conclusion = after.summary if after.summary else ""
    body = "\n\n".join(p for p in paragraphs if p)
    text = f"{body}\n\n{conclusion}\n{format_position(after)}".replace("\n\n\n", "\n\n")
    return Draft(text, after, cited)


def _question_asked(request: TurnRequest) -> str:
    """The question of an ANSWER turn: the last contribution without a position that asks
    something, else the instruction."""
    for contribution in reversed(request.visible):
        if "?" in contribution.text and parse_position(contribution.text) is None:
            return contribution.text.strip()
    return request.instruction.strip()


def _answer_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
    question = _question_asked(request)
    lead = "To answer the moderator:"
    return _stated_turn(expert, query, request, lead, question)


def _challenge_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
    knowledge = knowledge_of(expert)
    leaning = initial_leaning(knowledge, query, request.options)
    _, others = split_voices(expert, request.visible)
    majority, position = challenge_position(leaning, others, request.options)
    if majority is None:
        target = "the proposal itself, since the panel has no majority yet"
    else:
        holders: Sequence[Voice] = [v for v in others if v.position.choice == majority]
        target = (
            f"the panel's majority ({len(holders)} of {len(others)} positions, led by "
            f"{holders[0].label}), which would {side(holders[0].position)}"
        )
    passages = leaning.passages or tuple(h.chunk for h in knowledge.index.search(query, k=3))
    found = knowledge.evidence(query, passages, limit=12)
    marker = _CAUTION if position.stance is Stance.OPPOSE else _ENABLER
    chosen = [pair for pair in found if marker.search(pair[1])] or found
    evidence, cited = _cite(_fresh(chosen, request) or chosen[:STATEMENTS_PER_TURN])
    opening = (
        f"{as_role(expert)}, as devil's advocate I argue against {target}: I {side(position)}."
    )
    if evidence:
        opening = f"{opening} My own documents give the other side: {evidence}"
    text = f"{opening}\n\n{position.summary}\n{format_position(position)}"
    return Draft(text, position, cited)


def compose_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
    """The grounded draft of one panel turn by `expert` on `query`; deterministic.

    POSITION, ANSWER and CHALLENGE drafts carry a position (and end with a `POSITION:` line),
    RANK drafts a ranking (and a `RANKING:` line); QUESTION drafts are one question,
    SYNTHESIS drafts a recommendation.
    """
    if request.kind is TurnKind.ANSWER:
        return _answer_turn(expert, query, request)
    if request.kind is TurnKind.CHALLENGE:
        return _challenge_turn(expert, query, request)
    if request.kind is TurnKind.QUESTION:
        return Draft(question_turn(expert, query, request))
    if request.kind is TurnKind.RANK:
        text, ranking = rank_turn(expert, query, request)
        return Draft(text, ranking=ranking)
    if request.kind is TurnKind.SYNTHESIS:
        return Draft(synthesis_turn(expert, query, request))
    return _stated_turn(expert, query, request)
