"""From the senses of a question's words to a `Question`, or to what could not be understood.

Every word must be used: a negation that negates nothing, a comparison without a number, a
ranking without anything to rank make the question not understood, because answering it
without them would answer another question.
"""

from dataclasses import replace

from agentstream.agents.sql.catalog.assemble import assemble
from agentstream.agents.sql.catalog.fields import (
    GROUP_ENTITIES,
    NOUNS,
    OWNED_ROWS,
    OWNER_KEYS,
    SHOWN_IN_LISTS,
    reachable,
)
from agentstream.agents.sql.catalog.follow_ups import (
    CONTINUATIONS,
    compared_period_with_previous,
    compared_with_previous,
    is_plain,
    merged,
    referenced_rows,
)
from agentstream.agents.sql.catalog.leftovers import unused_words
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CHANGE,
    CMP,
    CONJ,
    COPULA,
    CUE,
    ENTITY,
    GROUP,
    MEASURE,
    NEG,
    RANK,
    REF,
    VALUE,
    Sense,
)
from agentstream.agents.sql.catalog.measure import lookup_fields
from agentstream.agents.sql.catalog.negation import mark_negations
from agentstream.agents.sql.catalog.parse import (
    CUSTOMER_PROFILE,
    NUMERIC,
    PROFILE,
    NotUnderstood,
    Parse,
    expand,
    measure_words,
    resolve_attribute,
)
from agentstream.agents.sql.catalog.question import Measure, Question
from agentstream.agents.sql.catalog.ranking import asks_which_of, head_of
from agentstream.agents.sql.catalog.reading import Reading, Word
from agentstream.agents.sql.catalog.subject import subject_of
from agentstream.agents.sql.catalog.tenant import Vocabulary

# A pronoun or "and ..." with no earlier data question to lean on.
NO_EARLIER_QUESTION = "it refers to an earlier question I do not have"


# A list of skill rows points at skills, not at the people holding them.
SKILLS_NAME_NOBODY = "the previous answer lists skills; name the technicians you mean"


def interpret(
    reading: Reading, vocabulary: Vocabulary, previous: Question | None = None
) -> Question | NotUnderstood:
    """The question `reading` asks, read in the context of the `previous` one."""
    p = Parse(expand(reading), vocabulary)
    if reading.unknown:
        partitive = previous is not None and asks_which_of(p)
        # attributes are not enough: policies speak of rates and hours too
        named = any(p.kinds(kind) for kind in (ENTITY, VALUE, "name"))
        head = head_of(p)
        rows = NOUNS[head[1]][1] if head and p.words[head[0]].sense.kind == ENTITY else ""
        return NotUnderstood(
            tuple(reading.unknown), follow_up=partitive, about_data=named, names_rows=rows
        )
    if pair := [i for i in p.kinds(REF) if p.words[i].sense.value == "pair"]:
        # "the difference between the two" (an overrun is a difference too): not this engine's
        return NotUnderstood(
            tuple(p.words[i].text for i in pair),
            "I cannot set two earlier answers against each other; ask for both in one "
            "question (X vs Y)",
            follow_up=True,
        )
    if p.kinds(CHANGE):
        words = tuple(p.words[i].text for i in p.kinds(CHANGE))
        return NotUnderstood(words, "I only read the data; I cannot change it")
    if (exclusion := _bare_but(p)) is not None:
        return exclusion
    if (side_by_side := compared_with_previous(p, previous)) is not None:
        return side_by_side
    if (side_by_side := compared_period_with_previous(p, previous)) is not None:
        return side_by_side
    for i in p.kinds(REF):
        if _relative_pronoun(p, i) or _bound_in_question(p, i, previous):
            p.use(i)
        reflexive = p.words[i].text in ("their", "its") and p.sense(i + 1) == ATTRIBUTE
        if reflexive and p.words[i + 1].sense.value in ("work_order.estimated_hours", "overrun"):
            p.use(i)  # "went over their estimate": each work order's own estimate
    if (failure := mark_negations(p)) is not None:
        return failure
    refs = [i for i in p.kinds(REF) if i not in p.used]
    leading_and = bool(p.words) and p.sense(0) == CONJ
    p.use(*p.kinds(CUE), *p.kinds(COPULA), *p.kinds(CONJ), *refs)
    own_subject = subject_of(p, None)
    # "her average actual hours on those": "those" points at the previous answer's rows (her
    # repair jobs), which "her" only qualifies.
    rows_named = any(p.words[i].text in ("those", "these") for i in refs)
    person = not rows_named and (
        any(p.words[i].sense.value == "person" for i in refs)
        or (bool(refs) and _said_of_named_people(p, own_subject, previous))
    )
    cued = bool(p.kinds(CUE)) or leading_and
    elliptical = previous is not None and (cued or own_subject is None) and not refs
    continues = bool(p.words) and p.words[0].text in CONTINUATIONS
    # "and how many technicians are on leave?" after a question for the documents: a question
    # of its own, whatever joined it to the conversation
    names_subject = any(p.words[i].sense.value == own_subject for i in p.kinds(ENTITY))
    if (refs or (continues and not names_subject)) and previous is None:
        words = tuple(p.words[i].text for i in refs) or ("and",)
        return NotUnderstood(words, NO_EARLIER_QUESTION)
    referenced = referenced_rows(previous, person) if refs and previous else None
    if refs and referenced is None:
        words = tuple(p.words[i].text for i in refs)
        return NotUnderstood(words, "I cannot tell whom it means", follow_up=True)
    if referenced is not None and referenced.ranks_groups():
        words = tuple(p.words[i].text for i in refs)
        return NotUnderstood(
            words, "it points at groups of the previous answer, not at its rows", follow_up=True
        )
    bound = bool(refs) or elliptical or continues
    subject = own_subject or (
        referenced.result_entity() if referenced else previous.subject if previous else None
    )
    if (
        referenced is not None
        and referenced.within is not None
        and own_subject is not None
        and referenced.result_entity() not in (own_subject, "skill")
        and own_subject == referenced.within.result_entity()
        and not _names_after_pronoun(p, refs, referenced.result_entity())
    ):
        # "those techs' work orders? ... when were they hired?": the people the rows were of
        referenced = referenced.within
    if referenced is not None and subject == "technician" and referenced.result_entity() == "skill":
        # A list of skills held at some level by some people: "their rates" are those people's,
        # when the skills were theirs; otherwise the skill rows name nobody to ask about
        # (technicians with those skills at any level would answer another question).
        people = referenced.within
        if people is None or people.result_entity() != "technician":
            words = tuple(p.words[i].text for i in refs) or ("them",)
            return NotUnderstood(words, SKILLS_NAME_NOBODY, follow_up=True)
        referenced = people
    if referenced is not None and own_subject is not None and asks_which_of(p):
        rows = referenced.result_entity()
        # "which of those are for premium customers": those work orders; "how many of them
        # had an urgent ticket" after premium customers: those customers, with such tickets
        # ("which of them has the most work orders" ranks those people by their rows)
        owns = own_subject in OWNED_ROWS.get(rows, ()) and not p.kinds(RANK)
        if own_subject != rows and (reachable(rows, own_subject) or owns):
            subject = rows
    figure = _figure_ranked_again(p, own_subject, previous)
    if figure is not None:
        subject = figure.subject  # "which technician had the most": the hours, per technician
    if subject is None:
        return NotUnderstood((), "I could not tell what it asks about")
    referenced_entity = referenced.result_entity() if referenced else None
    built = assemble(p, subject, previous if elliptical else None, previous, referenced_entity)
    if isinstance(built, NotUnderstood):
        return replace(built, follow_up=bound)
    question = built
    if (
        referenced is not None
        and subject == "skill"
        and referenced.result_entity() == "skill"
        and (question.filters or question.thresholds)
        and (
            referenced.within is not None
            or any(f.field.startswith("technician.") for f in referenced.filters)
        )
    ):
        # "what skills do they have? which of them is in the North / at level 5?": the rows of
        # that answer were some people's skills, and a skill found again would be anyone's
        words = tuple(p.words[i].text for i in refs) or ("them",)
        return NotUnderstood(words, SKILLS_NAME_NOBODY, follow_up=True)
    if (
        figure is not None
        and question.rank is not None
        and question.measure.kind in ("count", figure.measure.kind)
    ):
        # the same figure over the same rows, unless the question restates them
        said = {f.field for f in question.filters}
        question = replace(
            question,
            measure=figure.measure,
            filters=(*(f for f in figure.filters if f.field not in said), *question.filters),
            thresholds=question.thresholds or figure.thresholds,
            period=question.period or figure.period,
        )
    if referenced is not None and question.compared and previous is not None:
        # "compare that with maintenance": the previous question, side by side
        question, referenced = merged(question, previous, p), None
    if referenced is not None:
        dated_otherwise = (
            question.period is not None
            and referenced.period is not None
            and question.period.field != referenced.period.field
        )
        # "created last month … how many of those were completed in October": those rows, of
        # the period they were counted in, and of this one
        if is_plain(referenced) and referenced.subject == subject and not dated_otherwise:
            # "total overtime hours in October … break that down by region": that figure, per
            # region, unless the question says what to measure
            broken_down = (
                question.group_by is not None
                and not ({"count", "sum", "avg", "share"} & measure_words(p))
                and referenced.measure.kind in ("sum", "avg")
            )
            question = replace(
                question,
                filters=tuple(dict.fromkeys((*referenced.filters, *question.filters))),
                thresholds=(*referenced.thresholds, *question.thresholds),
                period=question.period or referenced.period,
                measure=referenced.measure if broken_down else question.measure,
            )
        elif (
            reachable(subject, referenced.result_entity())
            or (subject == "skill" and referenced.result_entity() == "technician")
            or (referenced.result_entity(), subject) in OWNER_KEYS
        ):
            question = replace(question, within=referenced)
            if (cued or continues) and previous is not None and previous.subject == subject:
                # "her total hours in October ... and her overtime?": in October too
                question = replace(question, period=question.period or previous.period)
            counted_at = [t for t in referenced.thresholds if t.field == "technician.skill_level"]
            if subject == "skill" == referenced.subject and not question.thresholds:
                # "technicians at level 5 in a skill ... which skills are those in?": the skills
                # they were counted for, at that level
                question = replace(question, thresholds=tuple(counted_at))
            if (
                referenced.group_by is not None
                and referenced.rank is None
                and question.group_by is None
                and referenced.subject == subject
                and question.measure.kind in ("count", "sum", "avg")
            ):
                # "technicians per region, and how many of those are active?": per region too
                question = replace(question, group_by=referenced.group_by)
        else:
            words = tuple(p.words[i].text for i in refs)
            return NotUnderstood(
                words, "I could not relate it to the previous answer", follow_up=True
            )
    if (
        referenced is not None
        and question.subject in ("technician", "customer")
        and question.measure.kind in ("sum", "list")
        and question.rank is None
        and not ({"count", "sum", "avg"} & measure_words(p))
    ):
        asked = lookup_fields(p, question.subject)
        if asked not in (PROFILE, CUSTOMER_PROFILE):
            question = replace(question, measure=Measure("lookup", asked))
    _use_shown_attributes(p, question)
    leftover = unused_words(p, question)
    if leftover:
        return NotUnderstood(leftover, follow_up=bound)
    levels = _levels_as_skills(question)
    if isinstance(levels, NotUnderstood):
        return levels
    return replace(levels, corrections=tuple(reading.corrections))


def _levels_as_skills(question: Question) -> Question | NotUnderstood:
    """ "Marco Chen's skill level": a level is of one skill, so the answer is the person's skills,
    each with its level."""
    fields = question.measure.fields
    if question.measure.kind != "lookup" or "technician.skill_level" not in fields:
        return question
    if len(fields) > 1:
        return NotUnderstood(("level",), "ask for the skill levels on their own")
    # "her level in electrical": the skill rows named Electrical, not all the skills of someone
    # who holds it
    filters = tuple(
        replace(f, field="skill.name") if f.field == "technician.skill" and f.values else f
        for f in question.filters
    )
    return replace(
        question, subject="skill", measure=Measure("list"), group_by=None, filters=filters
    )


def _use_shown_attributes(p: Parse, question: Question) -> None:
    """ "Techs hired since 2024 and their regions": a list shows each one's region already."""
    if question.measure.kind != "list" or question.rank is not None:
        return
    shown = SHOWN_IN_LISTS.get(question.subject, ())
    for i in p.kinds(ATTRIBUTE):
        if i in p.used:
            continue
        if resolve_attribute(p.words[i].sense.value, question.subject, p) not in shown:
            continue
        if p.sense(i - 1) == REF and p.words[i - 1].text in ("their", "its"):
            p.use(i - 1, i, *([i - 2] if p.sense(i - 2) == CONJ else []))


def _figure_ranked_again(
    p: Parse, own_subject: str | None, previous: Question | None
) -> Question | None:
    """ "Which technician had the most?" after total overtime per region: the previous figure,
    ranked per technician (the previous question, whose rows and measure are kept)."""
    if previous is None or previous.measure.kind not in ("sum", "avg") or not p.kinds(RANK):
        return None
    if own_subject is None:
        return None
    if own_subject == previous.subject:
        # "who logged the most?" after the hours logged last month: the verb names the rows
        # again, not a new question about them, unless the rows are named ("timesheets")
        if any(p.words[i].sense.value == own_subject for i in p.kinds(ENTITY)):
            return None
    elif own_subject not in GROUP_ENTITIES or not reachable(previous.subject, own_subject):
        return None
    named = [
        resolve_attribute(p.words[i].sense.value, previous.subject, p)
        for i in p.kinds(ATTRIBUTE)
        if p.words[i].sense.value in NUMERIC
    ]
    # "who logged the most?" after the hours logged last month names the same figure again
    other_figure = any(field not in previous.measure.fields for field in named)
    if other_figure or measure_words(p) & {"count", "share"}:
        return None
    return previous


def _bare_but(p: Parse) -> NotUnderstood | None:
    """ "In the South but not inactive" joins two conditions; "all work orders but the urgent
    ones" excludes what follows: with nothing but the rows named before it, there is no
    condition for "but" to join, so it reads as "except". Otherwise only a negation or a
    threshold after "but" says which it is ("HVAC techs but below level 3" joins a bound)."""
    for i, word in enumerate(p.words):
        if word.text != "but":
            continue
        j = i + 1
        while p.sense(j) == COPULA:
            j += 1
        rows_only = bool(p.kinds(ENTITY)) and all(
            p.sense(k) in (ENTITY, GROUP, MEASURE) for k in range(i)
        )
        if rows_only and p.sense(j) in (VALUE, "name"):
            p.words[i] = Word(word.text, Sense(NEG), word.position)
        elif p.sense(j) not in (NEG, CMP):
            return NotUnderstood(("but",), "I could not tell whether it excludes what follows")
    return None


def _said_of_named_people(p: Parse, own_subject: str | None, previous: Question | None) -> bool:
    """ "Which of them is on leave" after a question about Rosa Ferreira's and Hiro Sharma's work
    orders: a technician's state said of "them" with no noun means the people named, not the
    work orders."""
    if own_subject != "technician" or previous is None or p.kinds(ENTITY):
        return False
    return any(f.field == "technician.name" and not f.negated for f in previous.filters)


def _relative_pronoun(p: Parse, i: int) -> bool:
    """ "technicians that are active", "work orders in the North that aren't completed"."""
    if p.words[i].text != "that" or i == 0:
        return False
    if p.sense(i + 1) == ENTITY and not p.words[i + 1].text.endswith("s"):
        return False  # "of that technician": a demonstrative, pointing at an earlier answer
    return p.sense(i - 1) in (ENTITY, VALUE, "name") or p.sense(i + 1) in (COPULA, NEG)


def _names_after_pronoun(p: Parse, refs: list[int], entity: str) -> bool:
    """Whether a pronoun is followed by the noun of `entity` ("that person", "those techs"):
    the question says whose rows it means."""
    return any(p.sense(i + 1) == ENTITY and p.words[i + 1].sense.value == entity for i in refs)


_AUXILIARIES = frozenset(("are", "is", "was", "were", "do", "does", "did", "have", "has", "had"))


def _bound_in_question(p: Parse, i: int, previous: Question | None) -> bool:
    """A pronoun whose antecedent is in the question itself: the entity of an earlier "for
    each technician" ("... how many work orders have they completed?"), or, with no earlier
    question to refer to, an entity named before it ("work orders with nobody assigned to
    them"), or a name before it ("wo #296 - who's assigned to it?", "Olga Mensah: what's her
    rate?")."""
    if any(p.sense(j) == "name" for j in range(i)):
        return True
    if p.words[i].sense.value == "it" or p.words[i].text in ("those", "these"):
        return False
    before = [j for j in p.kinds(ENTITY) if j < i]
    grouped = any(GROUP in (p.sense(j - 1), p.sense(j - 2)) for j in before)
    # "what customers are they for": the subject of its own clause points outside the question
    # (not the object of "working on them")
    subject_of_clause = i > 0 and p.words[i - 1].text in _AUXILIARIES
    return grouped or (previous is None and bool(before) and not subject_of_clause)
