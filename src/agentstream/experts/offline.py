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
from dataclasses import dataclass, replace

from agentstream.agents.grounding import statements
from agentstream.deliberation.figures import asking_sentence
from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import (
    Contribution,
    ExpertProfile,
    TurnKind,
    TurnRequest,
    prose,
    sentences,
)
from agentstream.experts.answered import AnswerKind, answer_kind
from agentstream.experts.answers import answer_probe
from agentstream.experts.council import (
    ANSWER_LEAD,
    question_turn,
    rank_turn,
    synthesis_turn,
)
from agentstream.experts.figures import FIGURES_CONFIDENCE
from agentstream.experts.knowledge import (
    ExpertKnowledge,
    asked_words,
    knowledge_of,
    proposal_head,
)
from agentstream.experts.polarity import option_sign, states_view, view_object
from agentstream.experts.positions import format_position, parse_position
from agentstream.experts.probes import answer_to_probe
from agentstream.experts.reading import negated_act, question_sign
from agentstream.experts.stance import (
    Leaning,
    Move,
    Revision,
    Voice,
    challenge_position,
    initial_leaning,
    is_own,
    revise,
    split_voices,
)
from agentstream.experts.wording import UNSETTLED, as_role, join_labels, quoted, side
from agentstream.retrieval.bm25 import tokenize, variant_of

STATEMENTS_PER_TURN = 2
_SOURCE = re.compile(r"\[([^\[\]\s]+/[^\[\]\s]+)\]")
# A statement and the source id cited after it.
_CITED = re.compile(r"([^\[\]]*?[.!?])\s*\[[^\[\]\s]+/[^\[\]\s]+\]")
# How a devil's advocate whose documents hold nothing for its side says so.
NO_COUNTER_EVIDENCE = "I found no counter-evidence in my documents"
# Words that mark a statement as a risk or a requirement, which a devil's advocate may argue
# against a proposal from.
_CAUTION = re.compile(
    r"\b(risk|risks|require[sd]?|must|delay|delays|cost|costs|not|never|rarely|only|unless|"
    r"fail|fails|withdrawn|incident|incidents|hazard|limit|limits|cap|capped|months?|"
    r"incomplete|missing|stop|stops|cited)\b",
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


def _sources(pairs: Sequence[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
    """The source ids of statements cited before, as "[a], [b]", and the ids."""
    cited = tuple(dict.fromkeys(source for source, _ in pairs))
    return ", ".join(f"[{source}]" for source in cited), cited


def _fresh(
    found: list[tuple[str, str]], request: TurnRequest, first: int = STATEMENTS_PER_TURN
) -> list[tuple[str, str]]:
    """The statements of this round, never used by earlier rounds: the best `first` in round
    1, then one more each round, down the list (empty once all were used)."""
    if request.round_number <= 1:
        return found[:first]
    start = first + request.round_number - 2
    return found[start : start + 1]


def _used(
    found: list[tuple[str, str]], request: TurnRequest, first: int = STATEMENTS_PER_TURN
) -> list[tuple[str, str]]:
    """The statements brought up to this round, this round's included (see `_fresh`)."""
    return found[: first + max(request.round_number - 1, 0)]


def _said_nothing_new_before(
    found: list[tuple[str, str]], request: TurnRequest, first: int = STATEMENTS_PER_TURN
) -> bool:
    """Whether the expert's previous round already had no statement left to bring."""
    earlier = replace(request, round_number=request.round_number - 1)
    return request.round_number > 2 and not _fresh(found, earlier, first)


def _for_choice(option: str, options: Sequence[str], statement: str) -> tuple[bool, bool]:
    """Sort key putting first the statements that weigh for the chosen option or against
    another, then those that name it."""
    weighs = option_sign(option, options, statement) > 0 or any(
        option_sign(other, options, statement) < 0 for other in options if other != option
    )
    return not weighs, not set(tokenize(option)) & set(tokenize(statement))


def _abstain(expert: ExpertProfile, leaning: Leaning, query: str) -> Draft:
    reason = leaning.position.reason or "my documents do not cover this question"
    text = (
        f"{as_role(expert)}, I abstain on this question: {reason}, so I cannot weigh it from "
        f"evidence of my own.\n{format_position(leaning.position)}"
    )
    return Draft(text, leaning.position)


def _opening(
    expert: ExpertProfile, revision: Revision, request: TurnRequest, query: str = ""
) -> str:
    after = revision.after
    now = "now " if revision.move is Move.SWITCH else ""
    said = f"{side(after)}{_as_asked(query, after, request)}"
    if request.round_number == 1:
        return f"{as_role(expert)}, I {now}{said}."
    return f"{as_role(expert)}, in round {request.round_number} I {now}{said}."


def _as_asked(query: str, position: Position, request: TurnRequest) -> str:
    """What a side of a question that asks for its proposal's opposite ("Would it be a
    mistake to …?") means for the proposal: opposing the question is being for it."""
    if request.options or position.stance is Stance.NEUTRAL or not query:
        return ""
    act = negated_act(query)
    if act is None:
        return ""
    way = "for" if position.stance is Stance.OPPOSE else "against"
    return f", so I am {way} the proposal: {act}"


def _movement(
    revision: Revision,
    first_reply: bool = True,
    point: str = "",
    rejoinder: tuple[str, str] | None = None,
) -> str:
    """Whose argument moved the expert, or why it holds firm; empty without other voices.

    An ally or opponent answered by name is answered on `point`, what it said (its reason by
    default), with `rejoinder`, the statement of the expert's own documents that bears on it,
    when there is one. After its first reply (`first_reply` False), a hold without a new
    point is said without quoting again."""
    before, after, voice = revision.before, revision.after, revision.voice
    if revision.move is Move.SPLIT:
        # (a tie may be one colleague taking no side against one arguing: no "split" of sides)
        return f"No side leads among the others, so I keep my position at {after.confidence:.2f}."
    if voice is None:
        return ""
    said = quoted(point or voice.position.summary)
    answer = f"{rejoinder[1].rstrip('.')} [{rejoinder[0]}]" if rejoinder else ""
    if revision.move is Move.AGREE:
        allies = [v.label for v in revision.allies] or [voice.label]
        reach = "reaches" if len(allies) == 1 else "reach"
        # already at the ceiling: a raise "from 0.95 to 0.95" is no raise
        moved = (
            f"which confirms my position at {after.confidence:.2f}"
            if f"{before.confidence:.2f}" == f"{after.confidence:.2f}"
            else f"so I raise my confidence from {before.confidence:.2f} to {after.confidence:.2f}"
        )
        if answer:
            # Agreement by name says what it agrees with and why, from its own documents.
            return (
                f"{join_labels(allies)} {reach} the same view. On {voice.label}'s point{said}, "
                f"my own documents agree: {answer}, {moved}."
            )
        return f"{join_labels(allies)} {reach} the same view, {moved}."
    if (
        revision.move is Move.HOLD
        and Stance.NEUTRAL.value == voice.position.choice == before.choice
    ):
        return f"{voice.label} takes no side either, so I stay at {after.confidence:.2f}."
    if revision.move is Move.HOLD and voice.position.choice == Stance.NEUTRAL.value:
        # A colleague who takes no side makes no argument to answer.
        undecided = [v.label for v in revision.undecided] or [voice.label]
        takes = "takes" if len(undecided) == 1 else "take"
        return (
            f"{join_labels(undecided)} {takes} no side, which leaves my evidence unanswered, so "
            f"I keep my position at {after.confidence:.2f}."
        )
    if revision.move is Move.HOLD and before.choice == Stance.NEUTRAL.value:
        return (
            f"{voice.label} argues otherwise{said}. {UNSETTLED.capitalize()}, and that case "
            f"is not enough for me yet, so I stay at {after.confidence:.2f}."
        )
    if revision.move is Move.HOLD and not first_reply and not point:
        # Its case was quoted and answered in an earlier round: say so, do not quote it again.
        return (
            f"{voice.label} still holds the other view, and nothing new in it answers my "
            f"evidence, so I stay at {after.confidence:.2f}."
        )
    if revision.move is Move.HOLD and answer:
        holds = "argues otherwise" if first_reply else "still holds the other view, adding"
        return (
            f"{voice.label} {holds}{said}. My own documents answer it: {answer}, so I hold my "
            f"position at {after.confidence:.2f}."
        )
    if revision.move is Move.HOLD:
        # No statement of its documents answers the point: it says so rather than quote one
        # beside it.
        holds = "argues otherwise" if first_reply else "still holds the other view, adding"
        return (
            f"{voice.label} {holds}{said}. My documents do not answer that point, so I hold "
            f"my position at {after.confidence:.2f} on the evidence above."
        )
    if revision.move is Move.YIELD:
        return (
            f"{voice.label}'s argument weighs against mine{said}. I take it seriously and lower "
            f"my confidence from {before.confidence:.2f} to {after.confidence:.2f}."
        )
    # Evidence that took no side settled nothing to turn into conditions; evidence for the
    # other side still says what the new side must meet.
    own = (
        "as my own evidence above does not settle the question"
        if before.choice == Stance.NEUTRAL.value
        else "and my own evidence above becomes conditions to meet"
    )
    return (
        f"{voice.label}'s argument moved me{said}: I {side(after)} with confidence "
        f"{after.confidence:.2f}, {own}."
    )


def _points_made(text: str) -> list[str]:
    """The statements a turn's evidence cites, in order: the sentence before each source id
    of its first paragraph (the opening and its evidence)."""
    evidence = prose(text).strip().split("\n\n")[0]
    return [sentences(segment)[-1] for segment in _CITED.findall(evidence)]


def _point_of(voice: Voice, visible: Sequence[Contribution], first_reply: bool) -> str:
    """What a colleague answered by name said: its reason on the first reply, then the newest
    statement its last turn cited (empty when it cited nothing new)."""
    if first_reply:
        return voice.position.summary
    text = next((c.text for c in visible if c.label == voice.label), "")
    made = _points_made(text)
    return made[-1] if made else ""


# A statement a turn quotes with its source id: "… $7,300 a week [finance_expert/1#6]".
_QUOTED_STATEMENT = re.compile(r"([^.:!?\n\"]+?) \[[^\[\]\s]+/[^\[\]\s]+\]")
# Words that link a point's clauses ("because", "cannot"): two statements sharing them share
# no subject.
_LINKING = frozenset(
    tokenize("because since cannot can already also when while unless although though then than")
)


def _rejoinder(
    point: str,
    standing: Sequence[tuple[str, str]],
    fresh: Sequence[tuple[str, str]],
    shared: frozenset[str] = frozenset(),
    counter: bool = False,
) -> tuple[str, str] | None:
    """The statement of the expert's own documents, standing with its position, that answers
    a colleague's point: the one sharing most of the point's own words with it (not the
    `shared` words of the question and the expert's whole field, which every statement has:
    "Saturday overtime is easy to schedule" answers nothing of tired technicians), else, as a
    `counter` to a case for the other side, a view of its own side ("I oppose mandatory
    weekend overtime"). None when nothing answers it, or all that would are already in this
    turn: a turn never says a statement twice."""
    said = " ".join(point.split()).rstrip(".")
    candidates = [p for p in standing if p[1].rstrip(".") != said and p not in fresh]
    words = [w for w in set(tokenize(point)) if w not in shared]

    def bearing(pair: tuple[str, str]) -> int:
        terms = tokenize(pair[1])
        return sum(any(variant_of(word, term) for term in terms) for word in words)

    best = max(candidates, key=bearing, default=None)
    if best is not None and bearing(best) > 0:
        return best
    return next((p for p in candidates if states_view(p[1])), None) if counter else None


def _answer_challenge(
    name: str,
    challenge: Contribution,
    revision: Revision,
    standing: Sequence[tuple[str, str]],
    fresh: Sequence[tuple[str, str]],
    used: tuple[str, str] | None,
    shared: frozenset[str] = frozenset(),
    decided: str = "",
) -> str:
    """An expert's answer to the devil's advocate's challenge of its side: it concedes what
    moved it, else answers the challenge's point (its evidence, or the question it asks when it
    has none, of the expert `name`d) with a statement of its own documents, or with the rule
    that `decided` the question's case when none answers the point itself; empty when the
    challenge argues the expert's own side, or the expert takes none."""
    argued, after = challenge.position, revision.after
    if argued is None or after.choice in (argued.choice, Stance.NEUTRAL.value):
        return ""
    probed = next((p for p in _LATER_PROBES if p[0] in challenge.text), None)
    asked: str | None = None
    if _ENOUGH in challenge.text or probed is not None:
        # A challenge without evidence questions one holder, by name: that holder answers.
        if name not in challenge.text:
            return ""
        point, heard, asked = (
            (after.summary, "whether my reason is enough on its own", _NOT_ALONE)
            if probed is None
            else probed
        )
        said = f"asks {heard}"
    else:
        point = _SOURCE.sub("", argued.summary.split(": ", 1)[-1]).strip(" .")
        said = f"argues the other side{quoted(point)}"
    if revision.move in (Move.YIELD, Move.SWITCH):
        return f"The devil's advocate {said}. I concede that it weighs against my first view."
    bringing = [*fresh, *([used] if used else [])]
    # Asked whether its reason is enough alone, any other statement of its side adds to it;
    # against the advocate's evidence, one on that evidence or a view of its own side.
    reply = (
        _rejoinder(point, standing, bringing, shared, counter=True)
        if asked is None
        else next((p for p in standing if p not in bringing and p[1] not in point), None)
    )
    if reply is None and decided:
        # A general case for the other side does not undo a rule the question's case breaks.
        return (
            f"The devil's advocate {said}. That does not change the case you state, which my "
            f"documents decide: {decided.split(': ', 1)[-1]}"
        )
    if reply is None:
        return (
            f"The devil's advocate {said}. My documents hold nothing more to answer it with, "
            "so my position rests on the evidence above alone."
        )
    cited = f"{reply[1].rstrip('.')} [{reply[0]}]"
    if asked is None:
        return f"The devil's advocate {said}. I rebut it from my own documents: {cited}."
    return f"The devil's advocate {said}. {asked}: {cited}."


def _rests_on(statement: str, reason: str) -> bool:
    """Whether a position's reason quotes the statement, whole or the clause of it that
    decides ("with shifts of at most 10 hours [operations_expert/1#4]" of the sentence that
    lists the Overtime Policy's limits)."""
    if statement.rstrip(".") in reason:
        return True
    return any(quote.strip() in statement for quote in _QUOTED_STATEMENT.findall(reason))


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
    kind = answer_kind(query, request.options)
    if kind is not None:
        return _answering_turn(expert, query, request, kind)
    own, others = split_voices(expert, request.visible)
    start = own if own is not None and not own.abstain else leaning.position
    revision = revise(start, others, leaning.ceiling)
    options = " ".join(request.options)
    found = knowledge.evidence(f"{asked} {query} {options}".strip(), leaning.passages, limit=12)
    # A covering passage none of whose statements repeats the question's words still speaks
    # to it: its opening statement is the evidence, rather than none.
    found = found or [
        (chunk.chunk_id, said[0]) for chunk in leaning.passages[:1] if (said := statements(chunk))
    ]
    chosen = revision.after.option
    if chosen is not None:
        # A turn that chooses "510(k)" speaks first from what its documents say for it (or
        # against the others), then of it, not from what they say of the option it did not
        # choose.
        found.sort(key=lambda pair: _for_choice(chosen, request.options, pair[1]))
    # The evidence a turn brings stands with its position: never a statement that weighs the
    # other way, nor a first-person view of something else ("I oppose submitting early"
    # under "I take no firm side" on a Pre-Submission).
    standing = [p for p in found if _stands_with(knowledge, query, revision.after, p[1])]
    shown = standing or found
    asking = asking_sentence(query)
    if leaning.decided:
        # A question whose case a rule decides is answered from what speaks to what it asks
        # ("Can he start his 08:00 shift?"), not from statements that share only the case's
        # words (a subcontractor's site induction, of a night call-out) or a word of it
        # ("Driving for more than 2 hours …" of a 12-hour shift).
        # (the words it asks, not the moderator's question `asked` this turn answers)
        asking_for = asked_words(asking)
        on_it = [p for p in shown if knowledge.speaks_to(asking_for, p[1])]
        rests = [p for p in shown if _rests_on(p[1], leaning.position.summary)]
        shown = list(dict.fromkeys([*rests, *on_it])) or shown
    # What speaks to the proposal itself comes before what speaks only to its purpose ("…
    # to clear a backlog"): subcontractors before overtime.
    head = proposal_head(query)
    if chosen is None:
        shown.sort(key=lambda pair: not knowledge.speaks_to(head, pair[1]))
    # The statement the position rests on leads: a rule that decides the question's case
    # comes before the general statements around it.
    shown.sort(key=lambda pair: not _rests_on(pair[1], revision.after.summary))
    fresh = _fresh(shown, request)
    opening = _opening(expert, revision, request, query)
    after = revision.after
    first_reply = request.round_number <= 2
    # A colleague answered by name is answered on what it said, from the expert's documents.
    point = _point_of(revision.voice, request.visible, first_reply) if revision.voice else ""
    answering = _answering(query, revision.after, [p for p in shown if p in standing])
    # Words every statement shares with a point (the question's, the expert's whole field's)
    # answer nothing of it.
    shared = frozenset(tokenize(query)) | knowledge.common_words | _LINKING
    rejoinder = _rejoinder(point, answering, fresh, shared)
    movement = _movement(revision, first_reply, point, rejoinder)
    challenge = next((c for c in request.visible if c.kind is TurnKind.CHALLENGE), None)
    decided = leaning.position.summary if leaning.decided and after == start else ""
    rebuttal = (
        _answer_challenge(
            expert.name, challenge, revision, answering, fresh, rejoinder, shared, decided
        )
        if challenge is not None and request.kind is TurnKind.POSITION
        else ""
    )
    voice = revision.voice
    if rebuttal and challenge is not None and voice is not None and voice.label == challenge.label:
        # The answer to the devil's advocate says what the movement would: quote it once.
        movement = ""
    # The reason was given in round 1; later rounds restate it only when the position moved,
    # and never when the turn already quotes the statement it rests on.
    reason = after.summary if request.round_number == 1 or after != start else ""
    if reason and any(
        quote.strip(" .") in reason
        for paragraph in (movement, rebuttal)
        for quote in _QUOTED_STATEMENT.findall(paragraph)
    ):
        reason = ""
    last_turn = " ".join(c.text for c in request.visible if is_own(expert, c.label))
    answer = (
        answer_probe(asked, query, found, last_turn, after, knowledge, request.options)
        if asked
        else None
    )
    if answer is not None:
        # The moderator's question is answered as asked, not with one more statement.
        cited = tuple(dict.fromkeys(s for s in _SOURCE.findall(answer) if _own(expert, s)))
        paragraphs = [f"{opening} {answer}", movement, reason]
        body = "\n\n".join(p for p in paragraphs if p)
        return Draft(f"{body}\n{format_position(after)}", after, cited)
    if lead:
        opening = f"{opening} {lead}"
    if fresh:
        evidence, cited = _cite(fresh)
        paragraphs = [f"{opening} {evidence}", movement, rebuttal, reason]
    elif _said_nothing_new_before(shown, request) and after == start:
        # Nothing new again and nothing moved: say so in a line, not a copy of the last turn.
        sources, cited = _sources(shown)
        paragraphs = [
            f"{as_role(expert)}, nothing has changed for me since round "
            f"{request.round_number - 1}: I still {side(after)}, for the reasons I gave from "
            f"{sources}."
        ]
    else:
        # Every relevant statement was used in earlier rounds: point back, do not repeat them
        # (nor the reason already given).
        sources, cited = _sources(shown)
        # Without a side, say what its documents leave open rather than only that nothing is
        # new: two neutral experts' turns would otherwise read alike.
        # Nor would two experts' turns whose documents decide it the same way.
        titles = join_labels(list(knowledge.titles))
        # the statement it rests on, named again: two experts holding the same side on
        # different rules would otherwise say the same words
        resting = next((pair for pair in shown if _rests_on(pair[1], after.summary)), None)
        unsettled = (
            f" Nothing in {titles} settles this question."
            if after.choice == Stance.NEUTRAL.value
            else f" My position still rests on {titles}."
        )
        cited_before = f" ({sources}).{unsettled}"
        if resting is not None and after.choice != Stance.NEUTRAL.value:
            source, statement = resting
            cited_before = f', and my position still rests on "{statement.rstrip(".")}" [{source}].'

        paragraphs = [
            f"{opening} I have no evidence beyond what I cited earlier{cited_before}",
            movement,
            rebuttal,
        ]
    body = "\n\n".join(p for p in paragraphs if p)
    return Draft(f"{body}\n{format_position(after)}", after, cited)


def _answering_turn(
    expert: ExpertProfile, query: str, request: TurnRequest, kind: AnswerKind
) -> Draft:
    """A turn on a question that asks for figures or what to do: no side, the figures or
    advice its documents state, cited (one more each later round, or its answer to the
    moderator's question on them), and, in its first reply, that the others' stand beside
    its own: a figure or advice is no vote to move toward."""
    knowledge = knowledge_of(expert)
    found = kind.statements(knowledge, query)
    position = kind.quoting(_used(found, request, kind.per_turn), query)
    fresh = _fresh(found, request, kind.per_turn)
    stance = side(position)
    role, number = as_role(expert), request.round_number
    last_turn = " ".join(c.text for c in request.visible if is_own(expert, c.label))
    answer = (
        answer_probe(_question_asked(request), query, found, last_turn, position, knowledge)
        if request.kind is TurnKind.ANSWER
        else None
    )
    if answer is not None:
        # The moderator's question about its figures is answered as asked.
        text = f"{role}, in round {number} I still {stance}. {answer}"
        cited = tuple(dict.fromkeys(s for s in _SOURCE.findall(answer) if _own(expert, s)))
    elif fresh:
        evidence, cited = _cite(fresh)
        text = (
            f"{role}, I {stance}: {kind.asks}, not for a side, and my documents {kind.gives}. "
            f"{evidence} {kind.worked(query, fresh)}".rstrip()
            if number <= 1
            else f"{role}, in round {number} I still {stance}, and add {kind.adds}: {evidence}"
        )
    elif _said_nothing_new_before(found, request, kind.per_turn):
        sources, cited = _sources(found)
        text = (
            f"{role}, nothing has changed for me since round {number - 1}: I still {stance}, "
            f"and {kind.stand.format(sources=sources)}."
        )
    else:
        sources, cited = _sources(found)
        text = f"{role}, in round {number} I still {stance}: {kind.beyond} ({sources})."
    reply = _to_the_probe(expert, request, kind, _used(found, request, kind.per_turn))
    if reply and answer is None:
        text += f"\n\n{reply}"
    _, others = split_voices(expert, request.visible)
    # only those who gave some: a devil's advocate whose documents state none gave none
    giving = [voice for voice in others if voice.position.summary.startswith(kind.stated)]
    if giving and number == 2:
        labels = [voice.label for voice in giving]
        gives = "gives" if len(labels) == 1 else "give"
        text += (
            f"\n\n{join_labels(labels)} {gives} {kind.others}, so mine stand beside theirs for "
            "the panel to compare."
        )
    return Draft(f"{text}\n{format_position(position)}", position, cited)


def _answering(
    query: str, position: Position, standing: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The statements an expert answers an opposing case with: those that weigh for its own
    side, when it takes one and its documents hold some; else every statement standing with
    its position. A statement that takes no side ("Overtime is the cheapest extra capacity we
    can buy") rebuts nothing."""
    if position.option is not None or position.stance is Stance.NEUTRAL:
        return list(standing)
    own = 1 if position.stance is Stance.SUPPORT else -1
    return [p for p in standing if question_sign(query, p[1]) == own] or list(standing)


def _stands_with(
    knowledge: ExpertKnowledge, query: str, position: Position, statement: str
) -> bool:
    """Whether a statement can be evidence for a position on the question as asked: for a
    side, it does not weigh the other way, and a view it states is one of that side on what
    the question proposes ("I support targeted overtime" is no view on subcontractors); for
    no side, it states no view; for an option, any statement (ordered by `_for_choice`)."""
    if position.option is not None:
        return True
    if position.stance is Stance.NEUTRAL:
        return not states_view(statement)
    sign = question_sign(query, statement)
    own = 1 if position.stance is Stance.SUPPORT else -1
    if not states_view(statement):
        return sign != -own
    return sign == own and knowledge.speaks_to(proposal_head(query), view_object(statement))


def _own(expert: ExpertProfile, source: str) -> bool:
    """Whether a source id is a passage of the expert's own documents."""
    return source.startswith(f"{expert.agent_id}/")


def _to_the_probe(
    expert: ExpertProfile,
    request: TurnRequest,
    kind: AnswerKind,
    quoted: Sequence[tuple[str, str]],
) -> str:
    """The answer to the devil's advocate's probe of the figures or advice the expert gave,
    when the last challenge it was shown asks one; empty otherwise."""
    challenge = next((c for c in reversed(request.visible) if c.kind is TurnKind.CHALLENGE), None)
    if challenge is None or is_own(expert, challenge.label):
        return ""
    probe = next((probe for probe in kind.probes if probe in challenge.text), None)
    answer = answer_to_probe(probe, quoted, kind.probes) if probe else ""
    return f"To the devil's advocate, who asks {probe}: {answer}" if answer else ""


def _question_asked(request: TurnRequest) -> str:
    """The question of an ANSWER turn: the last contribution without a position that asks
    something, else the instruction."""
    for contribution in reversed(request.visible):
        if "?" in contribution.text and parse_position(contribution.text) is None:
            return contribution.text.strip()
    return request.instruction.strip()


def _answer_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
    question = _question_asked(request)
    lead = ANSWER_LEAD
    return _stated_turn(expert, query, request, lead, question)


def _challenge_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
    knowledge = knowledge_of(expert)
    # Outside its documents it still argues the other side, saying it has no evidence of its
    # own: a devil's advocate that abstained would leave the majority untested.
    leaning = initial_leaning(knowledge, query, request.options)
    own, others = split_voices(expert, request.visible)
    kind = answer_kind(query, request.options)
    if kind is not None:
        return _answering_challenge(expert, query, request, others, kind)
    if not others and not leaning.in_scope:
        # Nobody could vote and its own documents are silent too: a challenge of nothing,
        # argued from nothing, would only read as the panel's view.
        reason = "no member could vote on this question and my documents do not cover it"
        position = Position.abstention(f"{reason}, so there is no view to challenge")
        text = (
            f"{as_role(expert)}, devil's advocate: {reason} either, so there is no view to "
            f"challenge and no evidence of mine to argue from. I abstain."
        )
        return Draft(f"{text}\n{format_position(position)}", position)
    majority, position = challenge_position(leaning, others, request.options)
    holders: Sequence[Voice] = [v for v in others if v.position.choice == majority]
    if not others:
        target = "the proposal itself, since no other member could vote on it"
    elif majority is None:
        target = "the proposal itself, since the panel has no majority yet"
    else:
        # a side that holds half of the others or fewer leads them; it is no majority
        led = "the panel's majority" if 2 * len(holders) > len(others) else "the leading side"
        target = (
            f"{led} ({len(holders)} of {len(others)} positions, led by {holders[0].label}), "
            f"which would {side(holders[0].position)}"
        )
    found = knowledge.evidence(query, leaning.passages, limit=12)
    chosen = _counter_evidence(knowledge, found, query, position, request.options)
    # The position's reason is the risk (or the case) its documents give for its side: the
    # panel's recommendation states it as the main caveat.
    summary = (
        _quoted_reason(chosen[0], position)
        if chosen
        else f"{NO_COUNTER_EVIDENCE}; I argue the other side only to test the panel's reasons."
    )
    position = replace(position, summary=summary)
    # A challenge that changed sides (the majority it argues against changed) starts its
    # evidence afresh: it has said nothing for this side yet.
    turned = own is not None and own.choice != position.choice
    fresh = chosen[:STATEMENTS_PER_TURN] if turned else _fresh(chosen, request)
    opening = (
        f"{as_role(expert)} and devil's advocate, I argue against {target}: I {side(position)}."
    )
    if not chosen:
        text = _without_evidence(expert, opening, position, holders, request, turned)
        return Draft(f"{text}\n{format_position(position)}", position)
    if fresh:
        evidence, cited = _cite(fresh)
        text = f"{opening} My own documents give the other side: {evidence}"
    elif _said_nothing_new_before(chosen, request) and not turned:
        sources, cited = _sources(chosen)
        text = (
            f"{as_role(expert)}, devil's advocate, I have nothing new since round "
            f"{request.round_number - 1}: my challenge from {sources} stands, and I still "
            f"{side(position)}."
        )
    else:
        sources, cited = _sources(chosen)
        text = (
            f"{opening} The risks I raised from my documents ({sources}) still stand against "
            f"the answers of round {request.round_number}."
        )
    return Draft(f"{text}\n{format_position(position)}", position, cited)


def _answering_challenge(
    expert: ExpertProfile,
    query: str,
    request: TurnRequest,
    others: Sequence[Voice],
    kind: AnswerKind,
) -> Draft:
    """A devil's advocate on a question of figures or of what to do: they have no side to
    argue against, so it takes none and tests the figures or advice given instead, against
    its own documents' when they state some."""
    found = kind.statements(knowledge_of(expert), query)
    position = (
        kind.quoting(_used(found, request, kind.per_turn), query)
        if found
        else Position(
            Stance.NEUTRAL, FIGURES_CONFIDENCE, f"{NO_COUNTER_EVIDENCE}: {kind.none_stated}."
        )
    )
    probe = kind.probes[(request.round_number - 1) % len(kind.probes)]
    asked = f"I ask {join_labels([v.label for v in others])} {probe}." if others else ""
    opening = (
        f"{as_role(expert)} and devil's advocate in round {request.round_number}, I "
        f"{side(position)}: {kind.asks}, so there is no majority to argue against, and I test "
        f"{kind.tested} instead."
    )
    fresh = _fresh(found, request, kind.per_turn)
    cited: tuple[str, ...] = ()
    if fresh:
        evidence, cited = _cite(fresh)
        text = f"{opening} My own documents state: {evidence} {asked}"
    elif found:
        sources, cited = _sources(_used(found, request, kind.per_turn))
        stand = kind.stand.format(sources=sources)
        text = f"{opening} {stand[0].upper()}{stand[1:]}. {asked}"
    else:
        text = f"{opening} {position.summary} {asked}"
    return Draft(f"{text.strip()}\n{format_position(position)}", position, cited)


# What a devil's advocate without counter-evidence asks the majority in later rounds, one a
# round, so that it brings a new question rather than its first one again; and how an expert
# it challenges opens its answer to each, before a statement of its own documents.
_LATER_PROBES = (
    (
        "what evidence would change its mind",
        "what evidence would change my mind",
        "Evidence from our own cases against what my documents state would; they hold none, "
        "and they state",
    ),
    (
        "what being wrong would cost us, and who would notice first",
        "what being wrong would cost us",
        "My documents state what is at stake",
    ),
    (
        "which of its conditions it would drop if it had to",
        "which of my conditions I would drop",
        "None of those my documents set; my position rests on",
    ),
)
# What it asks of a holder's reason in the round it takes its side, and how that is answered.
_ENOUGH = "Is it enough on its own?"
_NOT_ALONE = "It does not stand alone: my documents add"


def _without_evidence(
    expert: ExpertProfile,
    opening: str,
    position: Position,
    holders: Sequence[Voice],
    request: TurnRequest,
    turned: bool = False,
) -> str:
    """A devil's advocate whose documents hold nothing for its side says so, and tests the
    majority instead: round 1 (or on a side it just `turned` to) one holder's stated reason,
    later rounds a new question."""
    if not holders:
        return (
            f"{opening} {NO_COUNTER_EVIDENCE}: none of my passages weighs that way, so I put "
            "the other side only as a test of the panel's reasons, not as evidence."
        )
    voice = holders[(request.round_number - 1) % len(holders)]
    if request.round_number == 1 or turned:
        return (
            f"{opening} {NO_COUNTER_EVIDENCE}: none of my passages weighs that way. I test "
            f"{voice.label}'s reason instead{quoted(voice.position.summary)}. {_ENOUGH}"
        )
    probe = _LATER_PROBES[(request.round_number - 2) % len(_LATER_PROBES)][0]
    return (
        f"{as_role(expert)}, devil's advocate in round {request.round_number}: I "
        f"{side(position)}. {NO_COUNTER_EVIDENCE}, so I ask {voice.label} {probe}."
    )


def _counter_evidence(
    knowledge: ExpertKnowledge,
    found: list[tuple[str, str]],
    query: str,
    position: Position,
    options: Sequence[str],
) -> list[tuple[str, str]]:
    """The statements that back the side a devil's advocate argues, each once: on a
    proposition, those weighing that way on the question as asked (`experts.reading`), else,
    against it, those about what it proposes that raise risks and do not weigh the other
    way; with options, those that speak for the option it argues for, else
    name it. A statement that backs the majority, or speaks of something else, is never its
    evidence."""
    found = list(dict.fromkeys(found))
    if options:
        option = position.option or ""
        named = [pair for pair in found if option and option in pair[1]]
        backing = [pair for pair in named if option_sign(option, options, pair[1]) > 0]
        return backing or [p for p in named if option_sign(option, options, p[1]) == 0]
    wanted = 1 if position.stance is Stance.SUPPORT else -1
    signs = [(question_sign(query, statement), (source, statement)) for source, statement in found]
    backing = [pair for sign, pair in signs if sign == wanted]
    if backing or wanted > 0:
        # For a proposal only a statement that weighs for it argues: "the cheapest" of
        # overtime is no case for subcontractors.
        return backing
    head = proposal_head(query)
    return [
        pair
        for sign, pair in signs
        if sign == 0 and _CAUTION.search(pair[1]) and knowledge.speaks_to(head, pair[1])
    ]


def _quoted_reason(pair: tuple[str, str], position: Position) -> str:
    """A devil's advocate's reason: the first statement of its evidence, cited."""
    source, statement = pair
    way = (
        f'for "{position.option}"'
        if position.option
        else ("against it" if position.stance is Stance.OPPOSE else "for it")
    )
    return f"My documents weigh {way}: {statement.rstrip('.')} [{source}]."


def compose_turn(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
    """The grounded draft of one panel turn by `expert` on `query`; deterministic.

    POSITION, ANSWER and CHALLENGE drafts carry a position (and end with a `POSITION:` line),
    RANK drafts a ranking (and a `RANKING:` line); QUESTION drafts are one question,
    SYNTHESIS drafts a recommendation. Every passage of its own that a draft's text cites
    is among its citations (a reason's, a moderator's note, a ranker's).
    """
    draft = _draft(expert, query, request)
    cited = (s for s in _SOURCE.findall(draft.text) if _own(expert, s))
    return replace(draft, citations=tuple(dict.fromkeys((*draft.citations, *cited))))


def _draft(expert: ExpertProfile, query: str, request: TurnRequest) -> Draft:
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
