"""Offline turns about the other contributions: a moderator's question, a council member's
ranking, and the chair's synthesis."""

import re
from collections.abc import Callable, Sequence

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import (
    AUTHORS_LABEL,
    Contribution,
    ExpertProfile,
    TurnRequest,
    prose,
)
from agentstream.experts.answered import KINDS, AnswerKind, answer_kind, stated_by
from agentstream.experts.answers import (
    FRAMINGS,
    LEADS,
    NOTES_LEAD,
    OBJECTION,
    PROBES,
    REFERENCE,
)
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.positions import format_ranking, parse_position
from agentstream.experts.reading import question_sign
from agentstream.experts.stance import Voice, all_voices, initial_leaning, weighted_majority
from agentstream.experts.wording import (
    as_role,
    join_labels,
    quoted,
    sets_condition,
    side,
    verdict_of,
)
from agentstream.retrieval.bm25 import tokenize

MAX_CONDITIONS = 3
# How the paragraphs of a synthesis that state the vote and the dissent begin: the panel's
# recommendation, which states them from the consensus computed in code, leaves them out.
MAJORITY_VIEW = "Majority view:"
POSITIONS = "Positions:"
DISSENT = "Dissent:"
VOTE_PARAGRAPHS = (MAJORITY_VIEW, POSITIONS, DISSENT, *(kind.view for kind in KINDS))
# How a synthesis says the council's ranking round did not happen, or names its winner (which
# the recommendation's own ranking lines state).
NO_RANKING = "No peer ranking took place:"
RANKING_WINNER = "The peer ranking "
# How an expert's answer to the moderator opens (not a condition when the chair quotes it).
ANSWER_LEAD = "To answer the moderator:"
_CITATION = re.compile(r"\s*\[[^\[\]\s]+/[^\[\]\s]+\]")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
# Where a statement an anonymous response cites ends.
_ANONYMOUS_SOURCE = re.compile(r"\s*\[a passage\]\s*")


def _prose(text: str) -> str:
    """A contribution's text without its machine-readable lines and source ids."""
    return _CITATION.sub("", prose(text))


def _sentences(text: str) -> list[str]:
    return [s.strip() for line in _prose(text).splitlines() for s in _SENTENCE.split(line)]


def _target(request: TurnRequest) -> Contribution | None:
    """The contribution of the expert a QUESTION turn addresses: the first one whose label
    the instruction names."""
    instruction = request.instruction.casefold()
    named = [
        (instruction.find(c.label.casefold()), index)
        for index, c in enumerate(request.visible)
        if c.label and c.label.casefold() in instruction
    ]
    return request.visible[min(named)[1]] if named else None


def _claims(text: str) -> list[str]:
    """What a statement claims, in order: its cited sentences (its evidence), else its
    sentences that are not its opening ("As the …, I …"), without an answer's lead."""
    # Each piece before a source id ends with the statement it cites.
    pieces = _CITATION.split(prose(text))[:-1]
    cited = [_SENTENCE.split(" ".join(piece.split()))[-1] for piece in pieces]
    candidates = cited or [s for s in _sentences(text) if s and not s.startswith("As ")]
    found = []
    for sentence in candidates:
        claim = _CITATION.sub("", sentence).strip()
        for lead in (ANSWER_LEAD, *LEADS):
            claim = claim.removeprefix(lead).strip()
        if claim and not claim.startswith(REFERENCE):
            found.append(claim)
    return found


def _claim(text: str) -> str:
    """What a statement claims first (`_claims`); "" when it claims nothing."""
    return next(iter(_claims(text)), "")


def _against(query: str, position: Position | None) -> Callable[[str], bool]:
    """Whether a statement weighs against a position on the question as asked; never for a
    neutral or option position, which takes no side to weigh against."""
    if position is None or position.option is not None or position.stance is Stance.NEUTRAL:
        return lambda _: False
    own = 1 if position.stance is Stance.SUPPORT else -1
    return lambda statement: question_sign(query, statement) == -own


def _stated_claim(query: str, target: Contribution) -> str:
    """The claim of a contribution that its position stands on: one that weighs its way when
    it has some ("12 overtime hours a week" of a vote against 9 + 5 more, before "a
    technician on the way within 2 hours"), never one that weighs the other way ("you oppose
    it, saying 'I support targeted overtime'"), else its summary's."""
    against = _against(query, target.position)
    claims = [claim for claim in _claims(target.text) if not against(claim)]
    position = target.position
    if position is not None and position.option is None and position.stance is not Stance.NEUTRAL:
        own = 1 if position.stance is Stance.SUPPORT else -1
        claims = [c for c in claims if question_sign(query, c) == own] or claims
    if claims:
        return claims[0]
    summary = target.position.summary if target.position is not None else ""
    return next((c for c in _claims(summary) if not against(c)), "")


def question_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    """One probing question to the expert the instruction names, on what that expert said
    last, checked against the asker's own knowledge."""
    target = _target(request)
    turn = max(request.round_number, 2) - 2
    if target is None:
        return f"Before the panel settles: {PROBES[turn % len(PROBES)]}"
    name = target.label.split(" (")[0]
    # Each expert gets its own question, and a new one each round.
    probe = PROBES[(turn + sum(map(ord, name))) % len(PROBES)]
    knowledge = knowledge_of(expert)
    claim = _stated_claim(query, target)
    # A note of the moderator's own is worth quoting only when it is about the question and
    # the claim it tests, and, before asking for the strongest objection, only when it is
    # one: a note on the expert's own side objects to nothing.
    objects = _against(query, target.position)
    notes = [
        pair
        for pair in knowledge.evidence(claim or target.text, knowledge.relevant(claim or query))
        if knowledge.speaks_to(query, pair[1])
        and (not claim or knowledge.speaks_to(claim, pair[1]))
        and (probe != OBJECTION or objects(pair[1]))
    ]
    # A new note each round, so that the questions to one expert never repeat.
    note = notes[turn % len(notes)] if notes else None
    fact = f" {NOTES_LEAD} {note[1].rstrip('.')} [{note[0]}]." if note else ""
    position = target.position
    stated = f"you {side(position)}" if position is not None else "you spoke"
    said = f', saying "{quoted(claim, bare=True)[1:-1]}"' if claim else ""
    return f"{name}, {stated}{said}.{fact} {probe}"


# How much one of the question's words an answer addresses weighs against words the ranker
# can check and figures.
_ADDRESSED_WEIGHT = 10


def _rank_score(
    contribution: Contribution, query_terms: set[str], vocabulary: frozenset[str]
) -> tuple[int, int, int, int]:
    """(score, query terms addressed, terms the ranker's documents cover, figures)."""
    body = _prose(contribution.text)
    terms = set(tokenize(body))
    addressed = len(terms & query_terms)
    checked = len(terms & vocabulary)
    figures = min(len(_FIGURE.findall(body)), 6)
    # What it says of the question comes first: a long answer about something else shares
    # many words with the ranker's documents (cold try c18-r14, #5: a Special 510(k) passage
    # ranked above the one answer on filing before verification).
    return _ADDRESSED_WEIGHT * addressed + checked + 2 * figures, addressed, checked, figures


def rank_turn(
    expert: ExpertProfile, query: str, request: TurnRequest
) -> tuple[str, tuple[str, ...]]:
    """Rank the visible contributions, best first, by how directly they address the query and
    how much of their evidence the expert can check against its own knowledge."""
    knowledge = knowledge_of(expert)
    query_terms = set(tokenize(query))
    scored = [
        (_rank_score(contribution, query_terms, knowledge.vocabulary), index, contribution.label)
        for index, contribution in enumerate(request.visible)
    ]
    # An abstention answers nothing: however many of the question's words it repeats while
    # saying so, it ranks below every answer.
    abstained = {
        c.label
        for c in request.visible
        if (p := c.position or parse_position(c.text)) and p.abstain
    }
    # An answer that takes the side the ranker's own documents rule out for the question's
    # case ranks below those that do not: being specific is no merit in the wrong direction.
    own = initial_leaning(knowledge, query, request.options)
    ruled_out = {
        c.label
        for c in request.visible
        if own.decided and _opposes(own.position, c.position or parse_position(c.text))
    }
    # An answer that settles nothing ("a PMA pivotal trial is a different scale", neutral)
    # answers the question less than one that takes the side or option its documents give
    # (cold try c18-r21, #3); on a question of figures or advice no answer takes a side.
    undecided = {
        c.label
        for c in request.visible
        if (p := c.position or parse_position(c.text))
        and p.stance is Stance.NEUTRAL
        and p.option is None
    }
    ranked = sorted(
        scored,
        key=lambda item: (
            item[2] in abstained,
            item[2] in ruled_out,
            item[2] in undecided,
            -item[0][0],
            item[1],
        ),
    )
    order = tuple(label for *_, label in ranked)
    # One answer to rank has no order to state.
    ranking = (
        f"my ranking puts {join_labels(list(order))} in that order"
        if len(order) > 1
        else f"I have only {order[0]} to rank"
        if order
        else "I have no answers to rank"
    )
    lines = [f"{as_role(expert)}, {ranking}."]
    best = next((c for c in request.visible if order and c.label == order[0]), None)
    if best is not None:
        claim = _stated_claim(query, best)
        if claim:
            # its first statement: two reviewers who rank the same answer first quote the same
            # words, and the rest of their turns, their own notes, tell them apart
            said = _ANONYMOUS_SOURCE.split(claim, maxsplit=1)[0].strip()
            lines.append(f'{best.label} is the most specific: "{said}"')
        notes = knowledge.evidence(claim or query, knowledge.relevant_to(query, request.options))
        if notes:
            lines.append(f"My own notes bear on it: {notes[0][1]} [{notes[0][0]}]")
    lines.append(format_ranking(order))
    return "\n".join(lines), order


def _sided(voices: Sequence[Voice]) -> set[str]:
    """The choices voices take other than no side."""
    return {v.position.choice for v in voices} - {Stance.NEUTRAL.value}


def _opposes(own: Position, other: Position | None) -> bool:
    """Whether another's position takes a side or option against the expert's own: the other
    side of the proposal, or another option."""
    if other is None or other.abstain or own.abstain:
        return False
    if own.option is not None or other.option is not None:
        return other.option is not None and other.option != own.option
    sides = {Stance.SUPPORT, Stance.OPPOSE}
    return own.stance in sides and other.stance in sides and own.stance is not other.stance


def _conditions(contributions: Sequence[Contribution]) -> list[str]:
    """Sentences that set a condition, in order, without openings, quotes or repeats."""
    found: list[str] = []
    for contribution in contributions:
        for sentence in _sentences(contribution.text):
            if sentence.startswith(FRAMINGS):
                continue  # an answer's account of itself, not a condition
            for lead in (ANSWER_LEAD, *LEADS):
                sentence = sentence.removeprefix(lead).strip()
            if sentence.startswith("As ") or '"' in sentence or len(sentence) < 25:
                continue
            if sets_condition(sentence) and sentence not in found:
                found.append(sentence)
    return found[:MAX_CONDITIONS]


def _authors(visible: Sequence[Contribution]) -> dict[str, str]:
    """Response label → its author's name, when the chair is told who wrote what."""
    told = next((c for c in visible if c.label == AUTHORS_LABEL), None)
    if told is None:
        return {}
    pairs = (line.split(": ", 1) for line in told.text.splitlines() if ": " in line)
    return {label: author.split(" (", 1)[0] for label, author in pairs}


def _by(label: str, authors: dict[str, str]) -> str:
    """A response's label with its author's name once revealed: "Response B (Clinical
    Evidence Expert)"."""
    return f"{label} ({authors[label]})" if label in authors else label


def _stated(voice: Voice, authors: dict[str, str]) -> str:
    position = voice.position
    return (
        f"{_by(voice.label, authors)} would {side(position)} (confidence "
        f"{position.confidence:.2f}){quoted(position.summary)}"
    )


# A place of the peer ranking as the chair reads it: "1. Response B: 5 points (tied)".
_PLACE = re.compile(r"^\d+\.\s*(.+?):\s*(\d+) points?( \(tied\))?$", re.MULTILINE)


def ranking_winner(query: str, visible: Sequence[Contribution], authors: dict[str, str]) -> str:
    """The council's ranking winner, by label and author, and its case, from the ranking
    contribution."""
    ranking = next((c for c in visible if c.label.startswith("Peer ranking")), None)
    if ranking is None:
        return ""
    places = _PLACE.findall(ranking.text)
    if not places:
        return f"{NO_RANKING} too few members answered for the others to rank."
    label, points, tied = places[0]
    if tied:
        level = [f"{_by(other, authors)}" for other, score, _ in places if score == points]
        return (
            f"{RANKING_WINNER}names no single best answer: {join_labels(level)} tie with "
            f"{points} point{'s' if points != '1' else ''}."
        )
    answer = next((c for c in visible if c.label == label), None)
    case = ""
    if answer is not None and answer.position is not None:
        # The evidence the reviewers ranked that its position stands on, rather than a
        # summary that may only say where the author's documents lean.
        case = f"; its author's position: {verdict_of(answer.position)}"
        cites = _CITATION.search(answer.text) is not None
        case += quoted(_stated_claim(query, answer) if cites else answer.position.summary)
    unit = "point" if points == "1" else "points"
    return f"{RANKING_WINNER}puts {_by(label, authors)} first with {points} {unit}{case}."


def _answers_view(voices: Sequence[Voice], authors: dict[str, str], kind: AnswerKind) -> str:
    """The figures or advice each response states, by label and author."""
    if not voices:
        return f"{kind.view} none; {kind.none_given}."
    listed = "; ".join(
        f"{_by(v.label, authors)}: {stated_by(v.position.summary).rstrip('.')}" for v in voices
    )
    return f"{kind.view} {listed}."


def synthesis_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> str:
    """The chair's or moderator's synthesis: the ranking's winner (council), the
    confidence-weighted majority view, its key conditions and the dissent; on a question of
    figures or of what to do, the figures or advice each response states instead of a view."""
    voices = all_voices(request.visible)
    authors = _authors(request.visible)
    majority, weights = weighted_majority(voices)
    opening = f"{as_role(expert)}, I write this panel's synthesis."
    winner = ranking_winner(query, request.visible, authors)
    if authors and winner.startswith("The peer ranking"):
        opening += " The reviewers ranked blind; I name each response's author."
    stated_positions = sum(
        1 for c in request.visible if (c.position or parse_position(c.text)) is not None
    )
    counts = [sum(1 for v in voices if v.position.choice == c) for c in weights]
    kind = answer_kind(query, request.options)
    if kind is not None:
        # Figures and advice are answers, not votes: the synthesis lists them by author.
        majority = None
        view = _answers_view(voices, authors, kind)
        dissent = ""
    elif not voices:
        majority = None
        view = f"{MAJORITY_VIEW} none; no member voted."
        dissent = ""
    elif len(voices) < stated_positions // 2 + 1:
        majority = None
        view = (
            f"{MAJORITY_VIEW} none; only {len(voices)} of {stated_positions} members voted, "
            "short of a quorum."
        )
        dissent = ""
    elif sorted(counts)[-2:].count(max(counts, default=0)) == 2:
        majority = None
        view = f"{MAJORITY_VIEW} none; the {len(voices)} votes are split evenly."
        listed = "; ".join(_stated(v, authors) for v in voices)
        dissent = f"{POSITIONS} {listed}."
    elif majority is None:
        view = f"{MAJORITY_VIEW} none; the {len(voices)} positions split evenly or are missing."
        listed = "; ".join(_stated(v, authors) for v in voices)
        dissent = f"{POSITIONS} {listed}." if voices else ""
    elif majority == Stance.NEUTRAL.value and len(sided := _sided(voices)) == 1:
        # Neutral voters make no case against the one side taken: it is where the evidence
        # points, not a dissent from them.
        (choice,) = sided
        takers = [voice for voice in voices if voice.position.choice == choice]
        neutral = len(voices) - len(takers)
        named = join_labels([_by(v.label, authors) for v in takers])
        view = (
            f"{MAJORITY_VIEW} none takes a side but {named}; "
            f"the other {neutral} voter{'s' if neutral != 1 else ''} take no side, as their "
            f"documents do not settle the question. The evidence points one way: "
            f"{'; '.join(_stated(v, authors) for v in takers)}."
        )
        dissent = ""
    else:
        holders = [voice for voice in voices if voice.position.choice == majority]
        share = weights[majority] / sum(weights.values())
        view = (
            f"{MAJORITY_VIEW} {len(holders)} of {len(voices)} would {side(holders[0].position)} "
            f"({join_labels([_by(v.label, authors) for v in holders])}), with "
            f"confidence-weighted agreement of {share:.0%}."
        )
        dissenters = [voice for voice in voices if voice.position.choice != majority]
        dissent = (
            f"{DISSENT} {'; '.join(_stated(v, authors) for v in dissenters)}."
            if dissenters
            else f"{DISSENT} none."
        )
    # The conditions are the majority's: a dissenter's claim is its dissent, stated below.
    # A majority that takes no side sets no condition.
    holding = {
        v.label
        for v in voices
        if majority not in (None, Stance.NEUTRAL.value) and v.position.choice == majority
    }
    conditions = _conditions([c for c in request.visible if c.label in holding])
    paragraphs = (
        opening,
        winner,
        view,
        f"Key conditions: {' '.join(conditions)}" if conditions else "",
        dissent,
    )
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
