"""Planning a data question: its clauses, the tenant's vocabulary, the previous turns, the SQL."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from agentstream.agents.clauses import split_clauses
from agentstream.agents.sql.catalog.answer import compose
from agentstream.agents.sql.catalog.build import build
from agentstream.agents.sql.catalog.dates import DateRange, find_dates
from agentstream.agents.sql.catalog.describe import describe
from agentstream.agents.sql.catalog.interpret import NO_EARLIER_QUESTION, interpret
from agentstream.agents.sql.catalog.lexicon import ENTITY, VALUE
from agentstream.agents.sql.catalog.parse import NotUnderstood
from agentstream.agents.sql.catalog.question import Question
from agentstream.agents.sql.catalog.reading import read
from agentstream.agents.sql.catalog.render import render
from agentstream.agents.sql.catalog.tenant import SchemaMismatch, Vocabulary, load_vocabulary
from agentstream.agents.sql.result import SqlResult
from agentstream.agents.sql.tool import SqlTool, SqlToolError
from agentstream.logs import get_logger

log = get_logger(__name__)

# Only the recent past matters to a follow-up.
MAX_HISTORY = 10
CAPABILITIES = (
    "I can answer questions about the field-service data (technicians, customers, work orders,"
    " skills and timesheets): counts, lists, totals, averages, breakdowns, comparisons,"
    " rankings, thresholds and percentages."
)
SCHEMA_ONLY = (
    "I can't answer that from this database: the offline engine knows the field-service schema"
    " only (technicians, customers, work orders, skills, timesheets). Configure a model provider"
    " to ask questions about another schema."
)


# A second question joined to the first ("what customers are they for, and are any of them
# premium?"): it opens as a question does, after a comma, a question mark or "and".
_QUESTION_START = (
    r"(?:are|is|do|does|did|was|were|has|have|how|what|which|who|whose|when|where|can|could"
    r"|list|show|avg|average|total|count|number|percentage|share)\b"
)
_SECOND_QUESTION = re.compile(
    rf"(?:,|\?)\s*(?:and|but|also|plus)?\s*(?={_QUESTION_START})"
    # "who's the tech on it and what region is he in": a wh-word after "and" asks again
    r"|\s+and\s+(?=(?:(?:for|in|with|from|to|by)\s+)?(?:what|which|who|whose|how|when|where)\b)",
    re.IGNORECASE,
)
# "…, and for which customers?": the question asked of the rows before it, "which customers
# are they for?"
_ASKED_OF_THEM = re.compile(r"^(for|in|with|from|to|by)\s+(which|what)\s+(.+?)\??$", re.IGNORECASE)
_ASKS_ANYWHERE = re.compile(rf"\b{_QUESTION_START}", re.IGNORECASE)


@dataclass(frozen=True)
class QueryPlan:
    """The SQL that answers a data question, its bound values, and the question it answers."""

    question: Question
    sql: str
    params: dict[str, Any]
    description: str
    # The day relative periods ("last month") were counted from, when that is not the calendar's
    # today: the demo data stops on a fixed day, and the answer must say which month it means.
    counted_from: date | None = None
    # The questions asked after this one in the same message ("how many were hired before
    # 2015, and are any of them still active?"), each answered in turn.
    also: tuple["QueryPlan", ...] = ()

    def each(self) -> tuple["QueryPlan", ...]:
        """This plan and those asked after it, in the order asked."""
        return (self, *self.also)


def refusal_text(refusal: NotUnderstood) -> str:
    """What a user is told when a data question was not understood: which words."""
    if refusal.other_schema:
        return SCHEMA_ONLY
    words = ", ".join(f"'{word}'" for word in refusal.words)
    why = f" ({refusal.reason})" if refusal.reason else ""
    if words:
        return f"I can't answer that: I did not understand {words}{why}."
    return f"I can't answer that: {refusal.reason or 'I could not read it'}."


def _interpret(
    text: str, vocabulary: Vocabulary, previous: Question | None, today: date
) -> Question | NotUnderstood:
    period = previous.period if previous else None
    earlier = DateRange(period.start, period.end, period.label) if period else None
    reading = read(text, vocabulary, today, earlier)
    understood = interpret(reading, vocabulary, previous)
    if isinstance(understood, NotUnderstood) and not reading.unknown:
        # "what are the overtime rates": figures every policy speaks of too, but no rows
        rows = any(word.sense.kind in (ENTITY, VALUE, "name") for word in reading.words)
        return replace(understood, mapped=True, about_data=understood.about_data and rows)
    return understood


def _one_by_one(
    text: str, vocabulary: Vocabulary, previous: Question | None, today: date
) -> list[Question] | None:
    """The data questions a message asks one after the other ("how many were hired before
    2015, and are any of them still active?"), each read after the one before it; None unless
    it asks several and each is understood."""
    parts = [part.strip() for part in _SECOND_QUESTION.split(text) if part.strip()]
    # the first may lead with what it is about ("Harborview - how many work orders ..."); a
    # clause asking nothing ("of the jobs in the North, how many ...") scopes the next
    if len(parts) < 2 or not _ASKS_ANYWHERE.search(parts[0]):
        return None
    questions: list[Question] = []
    for part in parts:
        # a later question goes on from the one before ("…, and avg actual hours per job?")
        asked = f"and {part}" if questions else part
        if questions and (of_them := _ASKED_OF_THEM.match(part)):
            preposition, wh, rest = of_them.groups()
            asked = f"{wh} {rest} are they {preposition}"
        understood = _interpret(asked, vocabulary, questions[-1] if questions else previous, today)
        if not isinstance(understood, Question):
            return None
        questions.append(understood)
    return questions


# A question whether every row is so ("are all technicians in the North active?", "does every
# premium customer have an open job?"): the rows that are so are not its answer.
_WHETHER_ALL = re.compile(
    r"^\W*(?:(?:hey|hi|so|and|ok|okay)\W+)?(?:are|is|do|does|did|have|has|were|was)\s+"
    r"(all|every|everyone|everybody|each)\b",
    re.IGNORECASE,
)


def _understand(
    text: str, vocabulary: Vocabulary, previous: Question | None, today: date
) -> list[Question] | NotUnderstood | None:
    """The data questions `text` asks (one, or several in turn), what could not be understood,
    or None when it asks only for rules."""
    if (every := _WHETHER_ALL.match(text)) is not None:
        return NotUnderstood(
            (every.group(1),),
            "I can list or count the ones that are, and the ones that are not, but not say "
            "whether every one is",
            about_data=True,
            mapped=True,  # a question of the data, which no passage answers
        )
    whole = _interpret(text, vocabulary, previous, today)
    if isinstance(whole, Question) and whole.measure.kind == "lookup":
        return [whole]  # "what region is she in, and what's her rate?": two facts, one lookup
    several = _one_by_one(text, vocabulary, previous, today)
    if several is not None:
        return several  # one answer would answer only one of them
    if isinstance(whole, Question):
        return [whole]
    asked = split_clauses(text)
    if not asked.rules:
        return whole
    if not asked.data.strip():
        return None  # a question for the documents only
    data = _interpret(asked.data, vocabulary, previous, today)
    return [data] if isinstance(data, Question) else data


async def plan_question(
    tool: SqlTool, question: str, history: Sequence[str] = (), today: date | None = None
) -> QueryPlan | NotUnderstood | None:
    """The plan for the data `question` asks (None when it asks only for rules), or what could
    not be understood. `history` holds the conversation's earlier user questions, oldest first.
    """
    today = today or date.today()
    try:
        vocabulary = await load_vocabulary(tool)
    except SchemaMismatch:
        return NotUnderstood((), other_schema=True)
    except SqlToolError as error:  # a slow or failing database is not another schema
        log.warning("offline_vocabulary_not_read", error=type(error).__name__)
        return NotUnderstood((), "the database could not be read just now; please ask again")
    try:
        previous: Question | None = None
        for earlier in history[-MAX_HISTORY:]:
            understood = _understand(earlier, vocabulary, previous, today)
            if isinstance(understood, list):
                previous = understood[-1]
        understood = _understand(question, vocabulary, previous, today)
        if (
            isinstance(understood, NotUnderstood)
            and understood.reason == NO_EARLIER_QUESTION
            and history  # there was one, about something else than the data
        ):
            reason = "the earlier question was not about the data"
            return replace(understood, reason=reason, follow_up=True)
        if not isinstance(understood, list):
            return understood
        plans = [_planned(asked, question, tool, today) for asked in understood]
    except Exception as error:  # a reading the engine did not foresee is refused
        log.warning("offline_question_not_planned", error=type(error).__name__)
        return NotUnderstood((), "I could not read this question")
    # the day periods are counted from is said once, after the first answer that needs it
    said = plans[0].counted_from is not None
    later = []
    for plan in plans[1:]:
        later.append(replace(plan, counted_from=None) if said else plan)
        said = said or plan.counted_from is not None
    return replace(plans[0], also=tuple(later))


def _planned(understood: Question, text: str, tool: SqlTool, today: date) -> QueryPlan:
    sql, params = render(build(understood), tool.policy.dialect)
    description = describe(understood)
    if understood.corrections:
        description += f" ({'; '.join(understood.corrections)})"
    relative = any(mention.range.relative for mention in find_dates(text.lower(), today))
    if relative:
        # the demo data's today is fixed; a tenant's own data lives in the present
        description += f" (periods counted from today, {today.isoformat()})"
    # the calendar's today as the chat service takes it for data that lives in the present
    counted_from = today if relative and today != datetime.now(UTC).date() else None
    return QueryPlan(understood, sql, params, description, counted_from)


def compose_answer(plan: QueryPlan, result: SqlResult) -> str:
    """The answer to the planned question from the rows its SQL returned."""
    answer = compose(plan.question, result)
    if plan.counted_from is not None:
        day = plan.counted_from.isoformat()
        answer += f" (Periods are counted from {day}, the last day of this data, not from today.)"
    return answer
