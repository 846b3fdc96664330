"""Negation: what each "not", "no", "without", "except", "other than" negates."""

from agentstream.agents.sql.catalog.fields import OWN_REGION
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CONJ,
    COPULA,
    ENTITY,
    NEG,
    REF,
    VALUE,
)
from agentstream.agents.sql.catalog.parse import VALUE_SUBJECT, NotUnderstood, Parse, field_of
from agentstream.agents.sql.catalog.reading import Word

# Verbs that say a row was made ("logged a timesheet"), read elsewhere as the hours they count.
_ROW_VERBS = frozenset(("logged", "recorded", "submitted", "filed"))


def mark_negations(p: Parse) -> NotUnderstood | None:
    """Mark what each negation word negates; a negation that negates nothing is not understood."""
    pending: int | None = None
    relative: set[int] = set()  # "who are" of "except those who are inactive"
    for i, word in enumerate(p.words):
        kind = word.sense.kind
        if i in relative:
            continue
        if kind == NEG:
            if pending is not None and word.text not in ("nor", "n't", "not", "no"):
                return NotUnderstood((p.words[pending].text,), "I could not tell what it excludes")
            pending = i
            p.use(i)
            if word.text in ("nobody", "no one"):
                p.words[i] = Word(word.text, word.sense, i)
                p.negated.add(i)  # nobody: no technician
                pending = None
            continue
        if pending is None:
            if (
                kind == VALUE
                and i >= 2
                and p.sense(i - 1) == CONJ
                and i - 2 in p.negated
                and field_of(p.words[i - 2]) == field_of(word)
            ):
                p.negated.add(i)  # "not in the North or the East"
            continue
        if kind == ENTITY and (clause := _described(p, i)) is not None:
            # "excluding anyone on leave", "except technicians who are inactive": the people
            # with that value are left out, not people who have none
            relative.update(clause)
            p.use(i, *clause)
        elif kind in (VALUE, ENTITY, "name"):
            p.negated.add(i)
            pending = None
        elif (
            kind == REF
            and word.text in ("those", "these")
            and (clause := _relative(p, i)) is not None
        ):
            # "excluding those in the North": the pronoun stands for the rows negated
            relative.update(clause)
            p.use(i, *clause)
        elif kind == ATTRIBUTE and word.text in _ROW_VERBS and p.sense(i + 1) == ENTITY:
            p.use(i)  # "never logged a timesheet": the verb of the rows negated, not hours
        elif (
            kind in (COPULA, CONJ)
            or (kind == ATTRIBUTE and word.sense.value == "region:located")
            or (kind == ATTRIBUTE and i + 1 < len(p.words) and p.sense(i + 1) == VALUE)
        ):
            continue
        else:
            return NotUnderstood((p.words[pending].text,), "I could not tell what it excludes")
    if pending is not None:
        return NotUnderstood((p.words[pending].text,), "I could not tell what it excludes")
    return None


def _described(p: Parse, i: int) -> list[int] | None:
    """The words between the entity noun at `i` and a value of its own that describes it ("on
    leave" of "anyone on leave"), or None when no such value follows."""
    clause = _relative(p, i)
    if clause is None:
        return None
    value, entity = p.words[i + 1 + len(clause)], p.words[i].sense.value
    # "anyone in the North": a region is the people's own, as a status is
    owned = VALUE_SUBJECT.get(field_of(value)) == entity
    return clause if owned or (field_of(value) == "region" and entity in OWN_REGION) else None


def _relative(p: Parse, i: int) -> list[int] | None:
    """The words between "those" at `i` and the value or name they lead to ("those in the
    North", "those who are inactive", "those that are urgent"), or None when none follows."""
    j = i + 1
    while j < len(p.words) and (
        p.words[j].text.split()[0] in ("that", "who", "which")
        or p.sense(j) == COPULA
        or p.words[j].sense.value == "region:located"
    ):
        j += 1
    return list(range(i + 1, j)) if p.sense(j) in (VALUE, "name") else None
