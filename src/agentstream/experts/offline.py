"""The offline expert engine: grounded, deterministic drafts of panel turns.

An expert speaks in its role from the passages of its own documents most relevant to the
query (BM25 over its chunks), takes the stance its knowledge leans to (`experts.stance`),
moves in response to the positions it is shown, and ends the turn with a machine-readable
line (`experts.positions`). The draft is handed to the chat model like the chat agents'
grounded answers: the offline model states it as is, a real model rephrases it.
"""

import re
from collections.abc import Sequence

from agentstream.experts.council import question_turn, rank_turn, synthesis_turn
from agentstream.experts.knowledge import ExpertKnowledge, knowledge_of
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
from agentstream.experts.wording import as_role, join_labels, quoted, verb
from agentstream.panels.turns import ExpertProfile, Stance, TurnKind, TurnRequest

STATEMENTS_PER_TURN = 3
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


def _evidence(knowledge: ExpertKnowledge, query: str, leaning: Leaning, round_number: int) -> str:
    """Three of the six best statements, a different angle each round."""
    found = knowledge.statements_for(query, leaning.topic, limit=2 * STATEMENTS_PER_TURN)
    if not found:
        return ""
    offset = (max(round_number, 1) - 1) % len(found)
    return " ".join((found[offset:] + found[:offset])[:STATEMENTS_PER_TURN])


def _opening(expert: ExpertProfile, leaning: Leaning, revision: Revision) -> str:
    stance = revision.after.stance
    if not leaning.in_scope:
        side = "I defer to the panel" if stance != Stance.NEUTRAL else "I take no side on it"
        return (
            f"{as_role(expert)}, this question is outside my expertise: my knowledge documents "
            f"do not cover it, so {side}."
        )
    subject = leaning.topic.name if leaning.topic else "this proposal"
    now = "now " if revision.move is Move.SWITCH else ""
    return f"{as_role(expert)}, I {now}{verb(stance)} {subject}."


def _movement(revision: Revision, in_scope: bool) -> str:
    """Whose argument moved the expert, or why it holds firm; empty in a first round."""
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
            f"{voice.label} argues the other way{said}. My own evidence outweighs that for now, "
            f"so I hold my position at {after.confidence:.2f}."
        )
    if revision.move is Move.YIELD:
        return (
            f"{voice.label}'s argument weighs against mine{said}. I take it seriously and lower "
            f"my confidence from {before.confidence:.2f} to {after.confidence:.2f}."
        )
    if not in_scope:
        return (
            f"{voice.label}'s argument is the strongest I have heard{said}. I follow it, with "
            f"confidence {after.confidence:.2f} at most, since I cannot check it myself."
        )
    return (
        f"{voice.label}'s argument moved me{said}. I now {verb(after.stance)} it with "
        f"confidence {after.confidence:.2f}; my own evidence above becomes conditions to meet."
    )


def _conclusion(leaning: Leaning, revision: Revision) -> str:
    """The one-sentence reason for the final stance: the expert's own claim, else the
    argument that brought it to the stance it now holds."""
    after, before, voice = revision.after, revision.before, revision.voice
    if after.stance == leaning.position.stance:
        return leaning.position.summary
    if before.stance == after.stance and before.summary:
        return before.summary
    if voice is not None and voice.position.stance == after.stance and voice.position.summary:
        return voice.position.summary
    return f"I {verb(after.stance)} it on the evidence the panel has given."


def _assemble(*paragraphs: str) -> str:
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _stated_turn(
    expert: ExpertProfile, query: str, request: TurnRequest, lead: str = "", asked: str = ""
) -> str:
    """A POSITION or ANSWER turn: opening, evidence, movement, conclusion, position line.

    The stance is on the panel's query; the evidence answers `asked` as well when given.
    """
    knowledge = knowledge_of(expert)
    leaning = initial_leaning(knowledge, query)
    own, others = split_voices(expert, request.visible)
    revision = revise(own or leaning.position, others, leaning.ceiling)
    evidence = _evidence(knowledge, f"{asked} {query}".strip(), leaning, request.round_number)
    opening = _opening(expert, leaning, revision)
    if lead:
        opening = f"{opening} {lead}"
    body = _assemble(f"{opening} {evidence}".strip(), _movement(revision, leaning.in_scope))
    return f"{body}\n\n{_conclusion(leaning, revision)}\n{format_position(revision.after)}"


def _question_asked(request: TurnRequest) -> tuple[str, str]:
    """(asker, question) of an ANSWER turn: the last contribution without a position that
    asks something, else the instruction."""
    for contribution in reversed(request.visible):
        if "?" in contribution.text and parse_position(contribution.text) is None:
            return contribution.label, contribution.text.strip()
    return "the moderator", request.instruction.strip()


def _answer_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    asker, question = _question_asked(request)
    lead = f"To answer {asker}'s question:" if question else ""
    return _stated_turn(expert, query, request, lead, question)


def _challenge_evidence(
    knowledge: ExpertKnowledge, query: str, leaning: Leaning, stance: Stance
) -> str:
    # Every relevant passage, not only the matched topic's: counterarguments live elsewhere.
    found = knowledge.statements_for(query, leaning.topic, limit=12, stay_on_topic=False)
    marker = _CAUTION if stance is Stance.OPPOSE else _ENABLER
    chosen = [statement for statement in found if marker.search(statement)] or found
    return " ".join(chosen[:STATEMENTS_PER_TURN])


def _challenge_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    knowledge = knowledge_of(expert)
    leaning = initial_leaning(knowledge, query)
    _, others = split_voices(expert, request.visible)
    majority, position = challenge_position(leaning, others)
    if majority is None:
        target = "the proposal itself"
    else:
        holders: Sequence[Voice] = [v for v in others if v.position.stance == majority]
        target = (
            f"the panel's emerging view that we should {verb(majority)} this "
            f"({len(holders)} of {len(others)} positions, led by {holders[0].label})"
        )
    evidence = _challenge_evidence(knowledge, query, leaning, position.stance)
    if position.stance is Stance.OPPOSE:
        conclusion = "The case for this proposal has not yet answered the risks above."
    else:
        conclusion = "The objections can be managed, and the cost of not acting is real."
    opening = f"{as_role(expert)}, I play devil's advocate against {target}."
    if evidence:
        opening = f"{opening} My own documents give the other side: {evidence}"
    return f"{opening}\n\n{conclusion}\n{format_position(position)}"


def compose_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    """The grounded draft of one panel turn by `expert` on `query`; deterministic.

    POSITION, ANSWER and CHALLENGE drafts end with a `POSITION:` line, RANK drafts with a
    `RANKING:` line; QUESTION drafts are one question, SYNTHESIS drafts a recommendation.
    """
    if request.kind is TurnKind.ANSWER:
        return _answer_turn(expert, query, request)
    if request.kind is TurnKind.CHALLENGE:
        return _challenge_turn(expert, query, request)
    if request.kind is TurnKind.QUESTION:
        return question_turn(expert, query, request)
    if request.kind is TurnKind.RANK:
        return rank_turn(expert, query, request)
    if request.kind is TurnKind.SYNTHESIS:
        return synthesis_turn(expert, query, request)
    return _stated_turn(expert, query, request)
