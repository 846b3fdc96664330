"""Offline turns about the other contributions: a moderator's question, a council member's
ranking, and the chair's synthesis."""

import re
from collections.abc import Sequence

from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.positions import format_ranking
from agentstream.experts.stance import (
    Voice,
    all_voices,
    initial_leaning,
    split_voices,
    weighted_majority,
)
from agentstream.experts.wording import as_role, join_labels, quoted, verb
from agentstream.panels.turns import Contribution, ExpertProfile, Stance, TurnRequest
from agentstream.retrieval.bm25 import tokenize

MAX_CONDITIONS = 3
_AGENT_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_MACHINE_LINE = re.compile(r"^\s*\**\s*(position|ranking)\b", re.IGNORECASE)
_CONDITION = re.compile(
    r"\b(if|unless|provided|only when|only if|before|must|requires?|within)\b", re.IGNORECASE
)
_HEADLINES = {
    Stance.SUPPORT: "proceed with the proposal, under the conditions below.",
    Stance.OPPOSE: "do not proceed with the proposal as it stands.",
    Stance.NEUTRAL: "no firm recommendation yet; the panel leans neither way.",
}


def _prose(text: str) -> str:
    """A contribution's text without its machine-readable lines."""
    return "\n".join(line for line in text.splitlines() if not _MACHINE_LINE.match(line))


def _sentences(text: str) -> list[str]:
    return [s.strip() for line in _prose(text).splitlines() for s in _SENTENCE.split(line)]


def _target(request: TurnRequest) -> str:
    """Who a QUESTION turn addresses: the first contribution label the instruction names,
    else the first agent id in it, else everyone."""
    instruction = request.instruction.casefold()
    named = [
        (instruction.find(c.label.casefold()), c.label)
        for c in request.visible
        if c.label and c.label.casefold() in instruction
    ]
    if named:
        return min(named)[1]
    agent_id = _AGENT_ID.search(request.instruction)
    return agent_id.group(0) if agent_id else "Everyone"


def question_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    """One probing question to the expert named in the instruction, grounded in the asker's
    own knowledge and in what the target said last."""
    knowledge = knowledge_of(expert)
    leaning = initial_leaning(knowledge, query)
    target = _target(request)
    facts = knowledge.statements_for(query, leaning.topic, limit=1)
    fact = f"My own notes say {quoted(facts[0], bare=True).replace('?', '.')}. " if facts else ""
    said = [
        voice
        for voice in split_voices(expert, request.visible)[1]
        if voice.label.casefold() == target.casefold()
    ]
    if said:
        position = said[-1].position
        claim = quoted(position.summary.replace("?", "."), bare=True)
        stated = f" ({claim})" if claim else ""
        return (
            f"{target}, you {verb(position.stance)} this with confidence "
            f"{position.confidence:.2f}{stated}. {fact}What evidence would change your "
            "position, and what condition would you attach to it?"
        )
    return (
        f"{target}, before the panel settles I want your view. {fact}How does this question "
        "bear on your field, and what is the biggest risk you see?"
    )


def _rank_score(
    contribution: Contribution, query_terms: set[str], vocabulary: frozenset[str]
) -> tuple[int, int, int, int]:
    """(score, query terms addressed, terms the ranker's documents cover, figures)."""
    body = _prose(contribution.text)
    terms = set(tokenize(body))
    addressed = len(terms & query_terms)
    checked = len(terms & vocabulary)
    figures = min(len(_FIGURE.findall(body)), 6)
    return 3 * addressed + checked + 2 * figures, addressed, checked, figures


def rank_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    """Rank the visible contributions, best first, by how directly they address the query and
    how much of their evidence the expert can check against its own knowledge."""
    knowledge = knowledge_of(expert)
    query_terms = set(tokenize(query))
    scored = [
        (_rank_score(contribution, query_terms, knowledge.vocabulary), index, contribution.label)
        for index, contribution in enumerate(request.visible)
    ]
    ranked = sorted(scored, key=lambda item: (-item[0][0], item[1]))
    lines = [
        f"{as_role(expert)}, I rank the {len(ranked)} responses by how directly they address "
        "the query and by the evidence in them that I can check against my own knowledge "
        "(score: 3 per query term addressed, 1 per term my documents cover, 2 per figure)."
    ]
    for (score, addressed, checked, figures), _, label in ranked:
        lines.append(
            f"- {label}: score {score} ({addressed} query terms, {checked} terms I can check, "
            f"{figures} figures)."
        )
    lines.append(format_ranking([label for *_, label in ranked]))
    return "\n".join(lines)


def _conditions(contributions: Sequence[Contribution]) -> list[str]:
    """Sentences that set a condition, in order, without openings, quotes or repeats."""
    found: list[str] = []
    for contribution in contributions:
        for sentence in _sentences(contribution.text):
            if sentence.startswith("As ") or '"' in sentence or len(sentence) < 25:
                continue
            if _CONDITION.search(sentence) and sentence not in found:
                found.append(sentence)
    return found[:MAX_CONDITIONS]


def _stated(voice: Voice) -> str:
    position = voice.position
    return (
        f"{voice.label} would {verb(position.stance)} it "
        f"(confidence {position.confidence:.2f}){quoted(position.summary)}"
    )


def _dissent(voices: Sequence[Voice], majority: Stance | None) -> str:
    if majority is None:
        return f"Positions: {'; '.join(_stated(voice) for voice in voices)}." if voices else ""
    dissenters = [voice for voice in voices if voice.position.stance != majority]
    if not dissenters:
        return "Dissent: none; every expert shares the majority view."
    return f"Dissent: {'; '.join(_stated(voice) for voice in dissenters)}."


def synthesis_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    """The recommendation: the confidence-weighted majority view, its key conditions and the
    dissent, from the visible contributions."""
    voices = all_voices(request.visible)
    majority, weights = weighted_majority(voices)
    opening = f"{as_role(expert)} chairing this panel, my recommendation: "
    if majority is None:
        opening += "no decision yet; the panel is divided, and the open points below decide it."
        view = f"Majority view: none; the {len(voices)} positions split evenly or are missing."
    else:
        holders = [voice for voice in voices if voice.position.stance == majority]
        share = weights[majority] / sum(weights.values())
        lead = max(holders, key=lambda voice: voice.position.confidence)
        opening += _HEADLINES[majority]
        case = quoted(lead.position.summary, bare=True)
        view = (
            f"Majority view: {len(holders)} of {len(voices)} experts {verb(majority)} it "
            f"({join_labels([v.label for v in holders])}), with confidence-weighted agreement "
            f"of {share:.0%}." + (f" The strongest case: {case}." if case else "")
        )
    conditions = _conditions(request.visible)
    stated = " ".join(conditions) if conditions else "none were stated."
    paragraphs = (opening, view, f"Key conditions: {stated}", _dissent(voices, majority))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
