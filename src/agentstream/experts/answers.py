"""The moderator's probes, and an offline expert's direct answer to each.

A socratic moderator asks each expert one of `PROBES` about its latest statement; the expert
answers that very question from its own statements, cited, rather than adding one more
statement beside it. A question that is not one of the probes (a real model's moderator) gets
no composed answer here: the expert's evidence is its answer.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agentstream.deliberation.position import Position, Stance
from agentstream.experts.answered import ADVICE, FIGURES
from agentstream.experts.knowledge import ExpertKnowledge
from agentstream.experts.polarity import conditional, option_sign, states_case, view_object
from agentstream.experts.reading import question_sign
from agentstream.experts.wording import (
    CASE_DECIDED,
    CASE_OPTION,
    join_labels,
    quoted,
    sets_condition,
)

CHANGE = "What evidence would change your position, and what condition would you attach to it?"
BASIS = "Which part of that claim rests on your own documents, and which on assumption?"
OBJECTION = "What is the strongest objection to it, and how do you answer it?"
PROBES = (CHANGE, BASIS, OBJECTION)
# What the moderator quotes from its own documents before its probe ("My own notes say: …").
NOTES_LEAD = "My own notes say:"
# How the parts of an answer open: a moderator quoting the answer quotes what follows them.
CHANGE_LEAD = "What would change my position:"
CONCEDED = "more weight for what my documents already concede:"
CONDITION_LEAD = "The condition I attach:"
RESTS_LEAD = "My position rests on:"
BASIS_LEAD = "What rests on my documents:"
ANSWERED_WITH = "My answer, from my documents:"
ASSUMPTION_LEAD = "What is my assumption:"
# How an answer points back to the claim it was asked about, without restating it: a
# moderator quoting the answer quotes what follows, never this reference.
REFERENCE = "that claim, as my documents state it"
ALSO_LEAD = "They also say:"
LEADS = (CHANGE_LEAD, CONCEDED, CONDITION_LEAD, RESTS_LEAD, BASIS_LEAD, ANSWERED_WITH, ALSO_LEAD)
# The sentences of an answer that say what it rests on or what would change it: no condition.
FRAMINGS = (CHANGE_LEAD, RESTS_LEAD, BASIS_LEAD, ASSUMPTION_LEAD)
_NOTE = re.compile(re.escape(NOTES_LEAD) + r"\s*(.+?)\s*\[([^\[\]\s]+)\]")

Evidence = Sequence[tuple[str, str]]  # (source id, statement)


def _cited(pair: tuple[str, str]) -> str:
    source, statement = pair
    return f"{statement.rstrip().rstrip('.')} [{source}]"


@dataclass(frozen=True, slots=True)
class _Statements:
    """What an expert can answer from: statements it has not said in its last turn (`new`)
    and those it has (`said`), each about the question first."""

    new: list[tuple[str, str]]
    said: list[tuple[str, str]]

    def first(self, wanted: Callable[[str], bool] = lambda _: True) -> tuple[str, str] | None:
        """The best new statement that `wanted` accepts, else the best new one (an answer
        brings something new); without new ones, the same among those said before."""
        for pairs in (self.new, self.said):
            if pairs:
                return next((pair for pair in pairs if wanted(pair[1])), pairs[0])
        return None


# An example a statement gives of its subject: "a change to our own cleared device, such as a
# new material or a design change that keeps the intended use, can go through …".
_EXAMPLE = re.compile(
    r",?\s*\b(?:such as|for example|for instance|e\.g\.)\s+[^,;]*(?:,|(?=[;.]|$))", re.IGNORECASE
)


def by_example_only(knowledge: ExpertKnowledge, query: str, statement: str) -> bool:
    """Whether a statement meets the question only in an example of its subject ("a change
    to our own cleared device, such as a new material" of a new material on a patch someone
    else's predicate is): it speaks of the case its subject names, which the question does
    not state, so it answers nothing of it."""
    bare = _EXAMPLE.sub("", statement)
    return (
        bare != statement
        and knowledge.speaks_to(query, statement)
        and not knowledge.speaks_to(query, bare)
    )


def _statements(knowledge: ExpertKnowledge, query: str, found: Evidence, said: str) -> _Statements:
    def about_first(pairs: Evidence) -> list[tuple[str, str]]:
        about = [pair for pair in pairs if knowledge.speaks_to(query, view_object(pair[1]))]
        return about + [pair for pair in pairs if pair not in about]

    flat = " ".join(said.split())
    # A statement that meets the question only in an example names another case.
    found = [pair for pair in found if not by_example_only(knowledge, query, pair[1])]
    unique = list(dict.fromkeys(found))
    new = [pair for pair in unique if " ".join(pair[1].split()).rstrip(".") not in flat]
    return _Statements(about_first(new), about_first([p for p in unique if p not in new]))


def _side(
    query: str, position: Position, sign: int, options: Sequence[str] = ()
) -> Callable[[str], bool]:
    """Whether a statement weighs on the proposal with `sign` relative to the position's
    side (+1: the same side, -1: the other); for an option, whether it backs that option
    (+1) or another one (-1: "If the device is novel …, I recommend a De Novo request" is
    what would move a 510(k) choice); never for a neutral position."""
    chosen = position.option
    if chosen is not None:
        if chosen not in options:
            return lambda _: False
        others = [o for o in options if o != chosen]
        if sign > 0:
            return lambda statement: option_sign(chosen, options, statement) > 0
        return lambda statement: any(option_sign(o, options, statement) > 0 for o in others)
    if position.stance is Stance.NEUTRAL:
        return lambda _: False
    own = 1 if position.stance is Stance.SUPPORT else -1
    return lambda statement: question_sign(query, statement) == sign * own


def _change(
    query: str,
    statements: _Statements,
    position: Position,
    best: tuple[str, str],
    options: Sequence[str] = (),
) -> str:
    """What would change the position, and the condition the expert attaches, when one of
    its statements sets a condition; else what the position rests on (a fact is no
    condition)."""
    against = _side(query, position, -1, options)
    conceded = next((p for p in [*statements.new, *statements.said] if against(p[1])), None)
    if conceded is not None:
        what = f"{CONCEDED} {_cited(conceded)}"
    elif position.summary.startswith(FIGURES.stated):
        # A figure has no side to be moved from: figures of our own case would replace it.
        what = "figures measured on our own case, where they differ from the typical ones"
    elif position.summary.startswith(ADVICE.stated):
        what = "a case of ours that the rules my documents advise from do not cover"
    elif position.choice == Stance.NEUTRAL.value:
        what = "evidence that settles the question one way; my documents hold none"
    else:
        what = "evidence from our own cases against what my documents state; they hold none"
    # The condition is a statement not said before that sets one ("provided …", "only
    # when …"), other than the one conceded: a turn says each once, an answer brings
    # something new, and a fact is no condition.
    condition = next(
        (
            pair
            for pair in statements.new
            if sets_condition(pair[1]) and pair != conceded and not against(pair[1])
        ),
        None,
    )
    if condition is None and best != conceded:
        return f"{CHANGE_LEAD} {what}. {RESTS_LEAD} {_cited(best)}."
    if condition is None:
        return f"{CHANGE_LEAD} {what}."
    return f"{CHANGE_LEAD} {what}. {CONDITION_LEAD} {_cited(condition)}."


# How many of the words a statement leaves unsaid an assumption names.
_UNSAID_SHOWN = 3


def _named(words: Sequence[str]) -> str:
    """ "night", "alone" and "live": the words quoted and joined."""
    return join_labels([quoted(word, bare=True) for word in words])


def _basis(
    knowledge: ExpertKnowledge,
    query: str,
    asked: str,
    statements: _Statements,
    best: tuple[str, str],
    against: Callable[[str], bool] = lambda _: False,
) -> str:
    # The claim asked about is a statement of its own documents: it rests on that passage.
    # What they also say is on its side, not a rule for another option, nor a rule for a case
    # the question does not state ("When no predicate exists …" of a question with one).
    best = next(
        (p for p in statements.new if not against(p[1]) and not _unstated_case(query, p[1])),
        best,
    )
    flat = " ".join(asked.split())
    claimed = next((p for p in statements.said if " ".join(p[1].split()).rstrip(".") in flat), None)
    also = f" {ALSO_LEAD} {_cited(best)}." if claimed is not None and best != claimed else ""
    basis = f"{REFERENCE} [{claimed[0]}].{also}" if claimed else f"{_cited(best)}."
    # A statement that speaks to the question itself leaves no gap to assume across; else
    # the gap is what the question names and the statement does not.
    statement = (claimed or best)[1]
    unsaid = knowledge.unsaid_words(query, statement)
    if knowledge.speaks_to(query, statement) or not unsaid:
        assumption = "none beyond them, as they speak to this question itself."
    else:
        assumption = (
            f"that what they state holds for {_named(unsaid[:_UNSAID_SHOWN])} as well, "
            "which they do not say."
        )
    return f"{BASIS_LEAD} {basis} {ASSUMPTION_LEAD} {assumption}"


def _objection(
    knowledge: ExpertKnowledge,
    query: str,
    asked: str,
    statements: _Statements,
    position: Position,
    best: tuple[str, str],
    options: Sequence[str] = (),
) -> str:
    note = _NOTE.search(asked)
    against = _side(query, position, -1, options)
    conceded = next((p for p in [*statements.new, *statements.said] if against(p[1])), None)
    if note is not None and against(note.group(1)):
        # Its source is the moderator's, not the expert's: quoted, not cited. A note on the
        # expert's own side is no objection to it.
        objection = f"the moderator's own note{quoted(note.group(1))}"
    elif conceded is not None:
        objection = f"what my own documents say the other way: {_cited(conceded)}"
        decided = _case_rule(position)
        if decided is not None:
            # A rule for the case the question states answers what holds in other cases.
            return (
                f"The strongest objection is {objection}. {ANSWERED_WITH} that holds in "
                f"another case; the rule for the case you state decides it{decided}"
            )
    elif (decided := _case_rule(position)) is not None:
        # The rule it rests on names the very case the question states: that it is general
        # is no objection, and the answer is the rule, not one more statement beside it
        # (nor one whose own case the question does not state: a Special 510(k) for "a
        # change to our own cleared device").
        objection = "that a rule stated in general may not fit our case"
        return (
            f"The strongest objection is {objection}. {ANSWERED_WITH} it names the case you "
            f"state, so it decides it{decided}"
        )
    elif position.summary.startswith(FIGURES.stated):
        objection = "that my documents state typical figures, not ones measured on our case"
    elif position.summary.startswith(ADVICE.stated):
        objection = "that my documents advise for the usual case, not for ours"
    elif position.stance is Stance.NEUTRAL and position.option is None:
        # No side is no claim to object to: what can be held against it is that it settles
        # nothing, and the answer is what the documents do hold.
        return (
            "The strongest objection is that taking no side leaves the question to the others. "
            f"{ANSWERED_WITH} they hold no more than this, which settles nothing either way: "
            f"{_cited(best)}."
        )
    else:
        objection = "that my documents state a general rule, not our case"
    # The answer is a statement of its own side, else one that takes no other side; never the
    # objection itself.
    backing = next(
        (p for p in statements.new if _side(query, position, 1, options)(p[1])),
        next(
            (p for p in [*statements.new, *statements.said] if p != conceded and not against(p[1])),
            best,
        ),
    )
    unsaid = knowledge.unsaid_words(query, backing[1])
    if objection.endswith("not our case") and unsaid and not knowledge.speaks_to(query, backing[1]):
        # What the case names and the rule does not is the objection, said in its words.
        objection = (
            f"that my documents do not speak of {_named(unsaid[:_UNSAID_SHOWN])}, which our "
            "case names"
        )
    return f"The strongest objection is {objection}. {ANSWERED_WITH} {_cited(backing)}."


def _unstated_case(query: str, statement: str) -> bool:
    """Whether a statement opens with a case ("When no predicate exists but …, …") that the
    question does not state."""
    rule = conditional(statement)
    return rule is not None and not states_case(query, rule[0])


def _case_rule(position: Position) -> str | None:
    """The rule a position decided by the question's own case rests on, as its reason quotes
    it after its lead (": If a predicate with the same intended use exists, …"); None for a
    position no such rule decides."""
    if position.summary.startswith(CASE_DECIDED):
        return position.summary.removeprefix(CASE_DECIDED)
    lead = CASE_OPTION.format(position.option) if position.option is not None else None
    if lead is not None and position.summary.startswith(lead):
        return position.summary.removeprefix(lead)
    return None


def answer_probe(
    asked: str,
    query: str,
    found: Evidence,
    said: str,
    position: Position,
    knowledge: ExpertKnowledge,
    options: Sequence[str] = (),
) -> str | None:
    """The answer to the moderator's probe in `asked`, from the expert's statements on the
    question (`found`), preferring those not already in `said` (its last turn) nor quoted in
    the question, so that an answer brings something new; None when `asked` holds no probe
    or the expert has no statement to answer from."""
    statements = _statements(knowledge, query, found, f"{said} {asked}")
    best = statements.first()
    if best is None:
        return None
    if CHANGE in asked:
        return _change(query, statements, position, best, options)
    if BASIS in asked:
        against = _side(query, position, -1, options)
        return _basis(knowledge, query, asked, statements, best, against)
    if OBJECTION in asked:
        return _objection(knowledge, query, asked, statements, position, best, options)
    return None
