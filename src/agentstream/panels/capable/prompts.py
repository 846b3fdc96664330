"""The prompts a capable model gets: an expert's turn, and the framing of the question.

An expert turn's prompt holds the expert's persona and role, the question once, what a vote
refers to, the passages of its own knowledge most relevant to the question (with their ids, in
retrieval order), the strategy's instruction for the round, the contributions the strategy lets
it see (each with the position its author stated), and how to state its position. No offline
draft is in it: the model writes the turn.
"""

from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from agentstream.deliberation.advice import is_advice_framing
from agentstream.deliberation.figures import is_figures_framing
from agentstream.deliberation.position import POSITION_FORMAT, RANKING_FORMAT, Position
from agentstream.deliberation.turns import ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.knowledge import PASSAGES_PER_QUESTION, knowledge_of
from agentstream.panels.capable.statements import (
    FRAMING_FORMAT,
    FRAMING_TOOL,
    POSITION_TOOL,
    POSITIONED,
    RANKING_TOOL,
    StatementMode,
)
from agentstream.retrieval.chunking import Chunk

# As many as the offline engine may speak from.
MAX_PASSAGES = PASSAGES_PER_QUESTION + 1
PERSONA_RULES = (
    "You sit on an expert panel. Speak from your own knowledge, which the question lists with "
    "the ids of its passages."
)
# Only a turn that votes may abstain: a moderator or a chair (often the member whose documents
# say least on the question) still asks its questions and writes the synthesis.
ABSTAIN_RULE = " If it does not cover the question, say so and abstain."


def vote_meaning(options: tuple[str, ...], proposition: str | None, query: str, votes: bool) -> str:
    """What a vote refers to: one of the options, or a side of the proposition (and, for a
    turn that votes, what its own vote says); on a question of figures, the figures."""
    if options:
        said = f"The panel chooses between these options: {' | '.join(options)}."
        return f"{said} Your vote names one of them (neutral: none of them)." if votes else said
    if is_figures_framing(proposition):
        said = f"The panel answers with the figures its members' documents state for: {query}"
        how = (
            "Quote the figures your passages state, citing them; a figure is no side, so your "
            "stance is neutral (abstain if your passages state none)."
        )
        return f"{said} {how}" if votes else said
    if is_advice_framing(proposition):
        said = f"The panel answers with the advice its members' documents give on: {query}"
        how = (
            "Say what your passages advise doing, citing them; advice is no side, so your "
            "stance is neutral (abstain if your passages give none)."
        )
        return f"{said} {how}" if votes else said
    said = f"The panel votes on the proposition: {proposition or query}"
    return f"{said} Your stance supports it, opposes it, or is neutral." if votes else said


def stated_position(position: Position) -> str:
    """A visible contribution's position as its author stated it: a model that states its
    position by tool call need not write it in its text, so the others see it here."""
    if position.is_unread:
        return "(No readable position was stated.)"
    if position.abstain:
        reason = (position.reason or "no reason given").rstrip(". ")
        return f"(Stated position: abstains: {reason}.)"
    choice = (
        f'chooses "{position.option}"' if position.option is not None else position.stance.value
    )
    return f"(Stated position: {choice}, confidence {position.confidence:.2f}.)"


def statement_line(kind: TurnKind, mode: StatementMode) -> str | None:
    """How the turn states its position or ranking in `mode` (None: the turn states neither,
    or is asked for it as JSON afterwards)."""
    if kind in POSITIONED:
        if mode is StatementMode.TOOLS:
            return f"After your answer, call {POSITION_TOOL} with your position."
        if mode is StatementMode.LINES:
            return f"End your answer with one line: {POSITION_FORMAT}"
    elif kind is TurnKind.RANK:
        if mode is StatementMode.TOOLS:
            return f"After your answer, call {RANKING_TOOL} with the labels, best first."
        if mode is StatementMode.LINES:
            return f"End your answer with one line: {RANKING_FORMAT}"
    return None


def passages_for(expert: ExpertProfile, query: str, options: tuple[str, ...]) -> list[Chunk]:
    """The passages of the expert's own knowledge most relevant to the question, most relevant
    first: those the offline engine would speak from, then the best BM25 matches of the
    question and its options. A capable model judges for itself whether they cover the
    question (and abstains if not); the offline coverage rule is for an engine that cannot."""
    knowledge = knowledge_of(expert)
    found = knowledge.relevant_to(query, options)
    for text in (query, *options):
        hits = knowledge.index.search(knowledge.in_own_words(text), k=MAX_PASSAGES)
        found += [hit.chunk for hit in hits]
    return list(dict.fromkeys(found))[:MAX_PASSAGES]


def expert_prompt(
    expert: ExpertProfile,
    query: str,
    request: TurnRequest,
    mode: StatementMode,
    passages: Sequence[Chunk],
) -> list[BaseMessage]:
    """The messages of one expert turn for a capable model (no draft), listing `passages`
    (`passages_for` the turn, which its citations are checked against too)."""
    votes = request.kind in POSITIONED
    # a devil's advocate argues the side it is given, whatever its documents cover
    may_abstain = votes and request.kind is not TurnKind.CHALLENGE
    rules = PERSONA_RULES + (ABSTAIN_RULE if may_abstain else "")
    system = f"You are {expert.name}, {expert.role}. {expert.persona}\n{rules}"
    meaning = vote_meaning(request.options, request.proposition, query, votes)
    lines = [f"Panel question: {query}", meaning]
    if passages:
        lines.append(
            "Your knowledge, the passages most relevant to the question, most relevant first. "
            "Cite the ones you use by their id in square brackets, e.g. "
            f"[{passages[0].chunk_id}]:"
        )
        lines += [
            f"[{chunk.chunk_id}] {f'{chunk.section}: ' if chunk.section else ''}{chunk.text}"
            for chunk in passages
        ]
    else:
        lines.append("Your knowledge: none of your documents covers this question.")
    lines += ["", f"Your task in this round: {request.instruction}"]
    if request.visible:
        lines += ["", "What you may see of the panel:"]
        for contribution in request.visible:
            lines.append(f"[{contribution.label}] {contribution.text}")
            if contribution.position is not None:
                lines.append(stated_position(contribution.position))
    if (statement := statement_line(request.kind, mode)) is not None:
        lines += ["", statement]
    return [SystemMessage(system), HumanMessage("\n".join(lines))]


def framing_prompt(query: str, mode: StatementMode) -> list[BaseMessage]:
    """The messages asking a model to frame a panel question before round 1: the options it
    chooses between, or one proposition to support or oppose."""
    how = {
        StatementMode.TOOLS: f"Call {FRAMING_TOOL} with the framing.",
        StatementMode.JSON_SCHEMA: "Answer with the framing as JSON.",
        StatementMode.LINES: f"Answer with one line: {FRAMING_FORMAT}",
    }[mode]
    return [
        SystemMessage("You frame questions for an expert panel that votes on them."),
        HumanMessage(
            f"Panel question: {query}\n"
            "If the question asks to choose between named alternatives, give them as options "
            "(2 to 10, each as short as the question names it). Otherwise give one proposition, "
            "a statement the experts can support or oppose, that answers the question.\n"
            f"{how}"
        ),
    ]
