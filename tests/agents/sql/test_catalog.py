"""The offline engine's data questions: the explicit question, refusals, the tenant's vocabulary,
and the same SQL answering alike on SQLite and PostgreSQL.

The end-to-end answers are judged by the question table (tests/evaluation); these tests pin the
representation and the behaviours the table cannot see.
"""

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from agentstream.agents.sql.catalog import (
    CAPABILITIES,
    NotUnderstood,
    QueryPlan,
    compose_answer,
    plan_question,
    refusal_text,
)
from agentstream.agents.sql.catalog.build import EVERY_ROW
from agentstream.agents.sql.catalog.question import COUNTED_WITH_NONE, Filter
from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.tool import PostgresReadOnlySource, SqliteReadOnlySource, SqlTool
from agentstream.demo.fieldservice.generator import (
    REFERENCE_DATE,
    ensure_sqlite_database,
    populate,
)
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES
from tests.agents.sql.conftest import reader_dsn, seeded_postgres_schema
from tests.evaluation.questions import QUESTIONS

# One event loop for the module: the tools (and their cached vocabulary) are opened once.
pytestmark = pytest.mark.asyncio(loop_scope="module")


def _tool(path: Path) -> SqlTool:
    return SqlTool(SqliteReadOnlySource(path), SqlPolicy(ALLOWED_TABLES, dialect="sqlite"))


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated demo database."""
    return ensure_sqlite_database(tmp_path_factory.mktemp("catalog") / "demo.sqlite")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo_tool(demo_path: Path) -> AsyncIterator[SqlTool]:
    """The production SQL tool on the demo database."""
    tool = _tool(demo_path)
    yield tool
    await tool.source.close()


async def _plan(tool: SqlTool, question: str, *history: str) -> QueryPlan:
    plan = await plan_question(tool, question, history, REFERENCE_DATE)
    assert isinstance(plan, QueryPlan), plan
    return plan


async def _refusal(tool: SqlTool, question: str, *history: str) -> NotUnderstood:
    plan = await plan_question(tool, question, history, REFERENCE_DATE)
    assert isinstance(plan, NotUnderstood), plan
    return plan


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many work orders are not urgent?", Filter("work_order.priority", ("urgent",), True)),
        ("how many techs aren't in the North", Filter("technician.region", ("North",), True)),
        ("jobs other than repairs", Filter("work_order.category", ("repair",), True)),
        (
            "work orders that are neither urgent nor high priority",
            Filter("work_order.priority", ("urgent", "high"), True),
        ),
        (
            "How many work orders have no technician assigned?",
            Filter("work_order.technician", (), True),
        ),
        ("technicians without the HVAC skill", Filter("technician.skill", ("HVAC",), True)),
        ("customers with no work orders", Filter("customer.work_orders", (), True)),
    ],
)
async def test_negation_and_exclusion_keep_their_polarity(
    demo_tool: SqlTool, question: str, expected: Filter
) -> None:
    plan = await _plan(demo_tool, question)
    assert expected in plan.question.filters


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Which technicians speak Spanish?", {"speak", "spanish"}),
        ("What is the revenue from premium customers?", {"revenue"}),
        ("Which technicians have ever been promoted?", {"promoted"}),
        ("How many technicians earn more than?", {"more than"}),
    ],
)
async def test_a_question_with_words_it_cannot_map_is_refused_naming_them(
    demo_tool: SqlTool, question: str, words: set[str]
) -> None:
    refusal = await _refusal(demo_tool, question)
    assert words <= set(refusal.words)
    text = refusal_text(refusal)
    assert text.startswith("I can't answer that") and all(f"'{w}'" in text for w in words)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "how many techs have electrical at level 3+",
            "There are 4 technicians with the Electrical skill and whose skill level is at least"
            " 3.",
        ),
        ("how many jobs were scheduled last week", "There are 6 work orders scheduled last week"),
        ("how many technicians have more than 3 skills", "There are 10 technicians with more"),
        ("What's the hourly rate of the techs on leave?", "5 technicians match. Nadia Brennan"),
        (
            "what percent of jobs are cancelled in the south",
            "1.9% of the work orders in the South region are those whose status is cancelled",
        ),
    ],
)
async def test_readings_that_once_answered_another_question(
    demo_tool: SqlTool, question: str, answer: str
) -> None:
    plan = await _plan(demo_tool, question)
    assert compose_answer(plan, await demo_tool.run(plan.sql, plan.params)).startswith(answer)


@pytest.mark.parametrize(
    "question",
    [
        "how much did we pay in overtime",  # rates and hours of different rows
        "total hourly rate of active techs",  # rates do not add up
        "what's the average overtime per technician last month",  # per entry or per person?
        "how many jobs * 2",  # a symbol it cannot read
        # two counts per technician: one would be dropped
        "which technicians have at least 2 skills and fewer than 3 open work orders",
        # people are asked for, not a total of their hours
        "who logged hours in march",
        # whether every one is so: the ones that are is another answer
        "are all technicians in the north region active?",
        "does every premium customer have an open work order?",
    ],
)
async def test_questions_it_would_answer_wrongly_are_refused(
    demo_tool: SqlTool, question: str
) -> None:
    await _refusal(demo_tool, question)


@pytest.mark.parametrize(
    "question",
    [
        "how many customers have urgent work orders per technician",
        "which customers are on leave",
        "how much did we pay in overtime",
        "work orders per technician by priority",
        # "star" is near "start" of "start date", but completes no phrase here
        "is there a bonus for getting 5-star reviews",
    ],
)
async def test_a_refusal_quotes_only_words_of_the_question(
    demo_tool: SqlTool, question: str
) -> None:
    refusal = await _refusal(demo_tool, question)
    assert refusal.words
    assert all(word.lower() in question.lower() for word in refusal.words), refusal.words


async def test_two_breakdowns_are_refused_not_answered_as_one(demo_tool: SqlTool) -> None:
    refusal = await _refusal(demo_tool, "urgent work orders per customer per technician")
    assert refusal.words == ("per customer", "per technician")


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which customers have more than 3 urgent work orders?", "There are no customers with"),
        (
            "which customers have more than 2 urgent work orders",
            "There are 2 customers with more than 2 urgent work orders: Bluewater Hotel & Spa (3)"
            " and Crescent Bay Marina (3).",
        ),
        (
            "active technicians with at least 15 completed jobs",
            "There are 8 active technicians with at least 15 completed work orders:",
        ),
        (
            "regions with more than 5 urgent work orders",
            "There are 4 customer regions with more than 5 urgent work orders: Central (9),",
        ),
        # the open work orders have no technician: they are no technician's
        ("technicians with more than 5 open work orders", "There are no technicians with"),
        # every technician is counted, those with none included
        (
            "which techs have fewer than 3 skills",
            "There are 6 technicians with fewer than 3 skills: Elena Rahman (2), Noah Ivanova (2),",
        ),
        (
            "technicians in the North with fewer than 20 work orders",
            "There are 4 technicians in the North region with fewer than 20 work orders: "
            "Ben Costa (0), Noah Ivanova (0), Owen Patel (2) and Samuel Sharma (0).",
        ),
    ],
)
async def test_a_threshold_on_a_count_per_group_keeps_the_counted_rows_filters(
    demo_tool: SqlTool, question: str, answer: str
) -> None:
    plan = await _plan(demo_tool, question)
    assert compose_answer(plan, await demo_tool.run(plan.sql, plan.params)).startswith(answer)


@pytest.mark.parametrize(
    ("question", "history", "said"),
    [
        (
            "And how many work orders has he completed?",
            ("Who is our highest paid technician?", "Which region is he in?"),
            "completed work orders of the technician with the highest hourly rate",
        ),
        ("What skills does she have?", ("What is Grace Dubois's hourly rate?",), "of Grace Dubois"),
    ],
)
async def test_a_chain_of_follow_ups_names_the_rows_once(
    demo_tool: SqlTool, question: str, history: tuple[str, ...], said: str
) -> None:
    plan = await _plan(demo_tool, question, *history)
    assert plan.description.endswith(said), plan.description
    assert plan.description.count("previous") <= 1


async def test_two_named_people_are_compared_on_the_figure_asked(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "Is Olga Mensah paid more than Hiro Sharma?")
    answer = compose_answer(plan, await demo_tool.run(plan.sql, plan.params))
    assert answer.endswith("Olga Mensah has the higher hourly rate (48.19 vs 42.23).")


@pytest.mark.parametrize(
    ("question", "descending"),
    [
        ("avg hourly rate per region, highest first", True),
        ("work orders by priority, lowest first", False),
    ],
)
async def test_a_breakdown_asked_in_order_is_listed_by_its_figure(
    demo_tool: SqlTool, question: str, descending: bool
) -> None:
    plan = await _plan(demo_tool, question)
    result = await demo_tool.run(plan.sql, plan.params)
    figures = [row[1] for row in result.rows]
    assert figures == sorted(figures, reverse=descending)
    answer = compose_answer(plan, result)
    assert ("highest first" if descending else "lowest first") in answer


async def test_a_follow_up_naming_other_sides_compares_those_only(demo_tool: SqlTool) -> None:
    plan = await _plan(
        demo_tool, "same for central and east", "avg hourly rate north vs south techs"
    )
    answer = compose_answer(plan, await demo_tool.run(plan.sql, plan.params))
    assert "Central" in answer and "East" in answer
    assert "North" not in answer and "South" not in answer, answer


async def test_a_request_to_change_data_is_refused(demo_tool: SqlTool) -> None:
    refusal = await _refusal(demo_tool, "Delete all cancelled work orders")
    assert "delete" in refusal.words and "cannot change" in refusal.reason


async def test_a_pronoun_without_an_earlier_question_is_refused(demo_tool: SqlTool) -> None:
    refusal = await _refusal(demo_tool, "what is her hourly rate?")
    assert "her" in refusal.words


async def test_a_pronoun_binds_to_the_previous_result_set(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "what is his hourly rate?", "Who is the highest paid technician?")
    assert plan.question.within is not None and plan.question.within.rank is not None
    assert plan.question.measure.kind == "lookup"


async def test_a_demonstrative_points_at_the_previous_answer(demo_tool: SqlTool) -> None:
    # "that technician" is Olga Chen, not a relative clause over every technician
    plan = await _plan(demo_tool, "technicians of that technician", "who is Olga Chen?")
    assert Filter("technician.name", ("Olga Chen",)) in plan.question.filters


async def test_an_elliptical_follow_up_replaces_what_it_restates(demo_tool: SqlTool) -> None:
    plan = await _plan(
        demo_tool, "and in the South?", "How many active technicians are in the North?"
    )
    assert set(plan.question.filters) == {
        Filter("technician.status", ("active",)),
        Filter("technician.region", ("South",)),
    }


async def test_a_typo_is_corrected_and_the_correction_is_said(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "how many techs in the nrth region")
    assert Filter("technician.region", ("North",)) in plan.question.filters
    assert "I read 'nrth' as 'north'" in plan.description


async def test_a_slip_in_a_phrase_word_is_corrected_and_said(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "how mnay techs are in the north")
    assert Filter("technician.region", ("North",)) in plan.question.filters
    assert "I read 'mnay' as 'many'" in plan.description


async def test_a_real_word_is_never_read_as_a_slip_for_a_change_request(
    demo_tool: SqlTool,
) -> None:
    # "later" is "alter" with two letters swapped: no reason to say the data cannot change
    refusal = await _refusal(demo_tool, "work orders scheduled later this month")
    assert refusal.words == ("later",)
    assert "change" not in refusal.reason


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("work orders created on 10/15/2026", "2026-10-15"),
        ("work orders created on 15/10/2026", "2026-10-15"),
    ],
)
async def test_a_slashed_date_is_read_when_only_one_order_makes_sense(
    demo_tool: SqlTool, question: str, day: str
) -> None:
    assert day in (await _plan(demo_tool, question)).description


async def test_a_slashed_date_either_order_could_read_is_refused(demo_tool: SqlTool) -> None:
    refusal = await _refusal(demo_tool, "work orders created on 10/11/2026")
    assert "10" in refusal.words


@pytest.mark.parametrize(
    ("question", "relative"),
    [
        ("how many work orders were completed last month", True),
        ("jobs created in the last 2 weeks", True),
        ("work orders created yesterday", True),
        ("work orders created in October 2026", False),
    ],
)
async def test_the_thought_says_from_which_today_a_relative_period_is_counted(
    demo_tool: SqlTool, question: str, relative: bool
) -> None:
    plan = await _plan(demo_tool, question)
    said = f"counted from today, {REFERENCE_DATE.isoformat()}" in plan.description
    assert said == relative, plan.description


async def test_sides_compared_without_a_measure_are_counted(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "work orders for premium vs standard customers")
    assert plan.question.compared == ("premium", "standard")
    assert plan.question.measure.kind == "count"


async def test_a_comparison_is_answered_for_every_side(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "urgent vs low priority work orders")
    assert plan.question.compared == ("urgent", "low")
    answer = compose_answer(plan, await demo_tool.run(plan.sql, plan.params))
    assert "urgent: 33" in answer and "low: 99" in answer


async def test_an_unknown_side_of_a_comparison_is_not_dropped(demo_tool: SqlTool) -> None:
    refusal = await _refusal(demo_tool, "Compare the customers in the Atlantis and North regions")
    assert "atlantis" in refusal.words


async def test_sql_is_built_with_bound_values_only(demo_tool: SqlTool) -> None:
    plan = await _plan(demo_tool, "How many work orders for Bluewater Hotel & Spa are not urgent?")
    assert "Bluewater" not in plan.sql and "urgent" not in plan.sql
    assert {"bluewater hotel & spa", "urgent"} <= {str(v) for v in plan.params.values()}


async def test_vocabulary_comes_from_the_tenant_database(sqlite_database: Path) -> None:
    # The seeded database has its own customers ("Acme", "Globex"): none is a demo name.
    tool = _tool(sqlite_database)
    try:
        plan = await _plan(tool, "How many work orders does acme have?")
        answer = compose_answer(plan, await tool.run(plan.sql, plan.params))
    finally:
        await tool.source.close()
    assert answer == "There are 3 work orders for customer Acme."


async def test_a_database_with_another_schema_gets_the_schema_only_answer(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    tool = _tool(path)
    try:
        refusal = await _refusal(tool, "How many technicians are active?")
    finally:
        await tool.source.close()
    assert refusal.other_schema
    assert "knows the field-service schema only" in refusal_text(refusal)
    assert "configure a model provider" in refusal_text(refusal).lower()


async def test_capabilities_hold_no_figures() -> None:
    # Said when nothing was answered: a number in it would read like a made-up fact.
    assert not any(ch.isdigit() for ch in CAPABILITIES)


# --- PostgreSQL: the same questions give the same answers -----------------------------------

DATA_QUESTIONS = [
    pytest.param(q, id=f"{q.category}: {q.text}")
    for q in QUESTIONS
    if q.category not in ("documents", "out_of_scope")
]


@pytest.fixture(scope="module")
def demo_postgres_schema() -> Iterator[str]:
    """The demo data in a throwaway PostgreSQL schema (skipped when no server answers)."""
    with seeded_postgres_schema("catalog", populate) as schema:
        yield schema


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo_postgres_tool(demo_postgres_schema: str) -> AsyncIterator[SqlTool]:
    """The production SQL tool on the PostgreSQL copy of the demo data."""
    source = PostgresReadOnlySource(
        reader_dsn(demo_postgres_schema),
        server_settings={"search_path": demo_postgres_schema},
        max_connections=1,
    )
    yield SqlTool(source, SqlPolicy(ALLOWED_TABLES, dialect="postgres"))
    await source.close()


@pytest.mark.parametrize("question", DATA_QUESTIONS)
async def test_postgres_gives_the_same_answer_as_sqlite(
    question: object, demo_tool: SqlTool, demo_postgres_tool: SqlTool
) -> None:
    asked = question  # a tests.evaluation.questions.Question
    text, history = asked.text, asked.history  # type: ignore[attr-defined]
    on_sqlite = await plan_question(demo_tool, text, history, REFERENCE_DATE)
    on_postgres = await plan_question(demo_postgres_tool, text, history, REFERENCE_DATE)
    if not isinstance(on_sqlite, QueryPlan):
        assert not isinstance(on_postgres, QueryPlan)
        return
    assert isinstance(on_postgres, QueryPlan)
    sqlite_answer = compose_answer(on_sqlite, await demo_tool.run(on_sqlite.sql, on_sqlite.params))
    postgres_answer = compose_answer(
        on_postgres, await demo_postgres_tool.run(on_postgres.sql, on_postgres.params)
    )
    assert postgres_answer == sqlite_answer


async def test_a_pronoun_for_ranked_groups_is_refused_not_bound_to_rows(
    demo_tool: SqlTool,
) -> None:
    # "they" are the regions with the fewest customers (five tied): no customer's rows.
    refusal = await _refusal(
        demo_tool,
        "and how many work orders do they have?",
        "Which region has the fewest customers?",
    )
    assert refusal.words == ("they",) and refusal.follow_up


async def test_every_group_counted_with_none_has_its_join() -> None:
    """The interpretation lets "fewer than N" count the groups with none for these pairs; the
    SQL must have the join that keeps those groups."""
    for group, subjects in COUNTED_WITH_NONE.items():
        assert set(subjects) <= set(EVERY_ROW.get(group, {})), group


async def test_a_database_too_slow_to_read_is_not_taken_for_another_schema(
    demo_path: Path,
) -> None:
    """A timeout while the vocabulary is read says so; "another schema" would send every data
    question to the documents as if the tenant had no field-service data."""
    slow = SqlTool(
        SqliteReadOnlySource(demo_path), SqlPolicy(ALLOWED_TABLES, dialect="sqlite"), 1e-9
    )
    try:
        refusal = await _refusal(slow, "how many technicians are active")
    finally:
        await slow.source.close()
    assert not refusal.other_schema
    assert "could not be read" in refusal.reason


async def test_an_average_names_the_rows_that_hold_a_value(
    demo_tool: SqlTool, demo_path: Path
) -> None:
    plan = await _plan(demo_tool, "average actual hours on repair jobs")
    answer = compose_answer(plan, await demo_tool.run(plan.sql, plan.params))
    with sqlite3.connect(demo_path) as db:
        valued, total = db.execute(
            "SELECT COUNT(actual_hours), COUNT(*) FROM work_orders WHERE category = 'repair'"
        ).fetchone()
    assert valued < total, "the demo data has repair orders without actual hours"
    missing = total - valued
    assert answer.endswith(
        f"over {valued} of the {total} repair work orders ({missing} with no actual hours "
        "recorded)."
    ), answer


@pytest.mark.parametrize(
    "question",
    [
        "which technicians are on leave rn",
        "hw many techs r there",
        "how many jobs r open atm",
        "techs with hvac at lvl 4 or above",
    ],
)
async def test_chat_shorthand_is_read_as_the_words_it_stands_for(
    demo_tool: SqlTool, question: str
) -> None:
    await _plan(demo_tool, question)


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("how long did job 5 take", ("5",)),
        ("who is assigned to work order #12", ("12",)),
        ("tell me about ticket no. 7", ("7",)),
        ("#40", ("40",)),
    ],
)
async def test_a_work_order_named_by_its_number_is_that_order(
    demo_tool: SqlTool, question: str, numbers: tuple[str, ...]
) -> None:
    plan = await _plan(demo_tool, question)
    assert Filter("work_order.id", numbers) in plan.question.filters


@pytest.mark.parametrize(
    "question",
    ["which jobs went more than 3 hours over estimate", "customers with 2 or more urgent orders"],
)
async def test_a_number_after_a_work_order_noun_that_counts_or_measures_is_no_order_number(
    demo_tool: SqlTool, question: str
) -> None:
    plan = await _plan(demo_tool, question)
    assert all(f.field != "work_order.id" for f in plan.question.filters)


async def test_two_questions_in_one_are_each_answered_in_turn(demo_tool: SqlTool) -> None:
    # answering the last one alone read as the answer to both (cold tries c16-r15, c16-r16)
    plan = await _plan(
        demo_tool, "How many technicians were hired before 2015, and are any of them still active?"
    )
    first, second = plan.each()
    assert first.question.measure.kind == "count"
    assert Filter("technician.status", ("active",)) not in first.question.filters
    assert Filter("technician.status", ("active",)) in second.question.filters
    # the second is read after the first: "them" are the technicians hired before 2015
    assert any(t.field == "technician.hire_date" for t in second.question.thresholds) or (
        second.question.within is not None
    )


async def test_a_clause_that_scopes_the_question_is_not_a_second_question(
    demo_tool: SqlTool,
) -> None:
    plan = await _plan(demo_tool, "of the work orders in the North, how many are urgent")
    assert plan.question.measure.kind == "count"


async def test_a_pronoun_with_nothing_to_point_at_is_refused(demo_tool: SqlTool) -> None:
    # "what customers are they for" listed every customer when asked first (cold try c16-r18)
    refusal = await _refusal(demo_tool, "what customers are they for")
    assert refusal.words == ("they",)


async def test_rows_of_a_person_ranked_by_a_figure_are_described_by_that_figure(
    demo_tool: SqlTool,
) -> None:
    plan = await _plan(
        demo_tool,
        "and how many total hours did they log that month?",
        "Who logged the most overtime hours in October 2026?",
    )
    assert "the technician with the highest total overtime hours of" in plan.description
