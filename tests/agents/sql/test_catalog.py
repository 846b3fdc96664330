"""The SQL catalog: questions planned without a model, run on the demo database, answered."""

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import date, datetime

import pytest

from agentstream.agents.sql.catalog import CAPABILITIES, QueryPlan, compose_answer, plan_question
from agentstream.agents.sql.guard import SqlPolicy, vet_query
from agentstream.agents.sql.result import SqlResult
from agentstream.agents.sql.tool import PostgresReadOnlySource, SqlTool
from agentstream.demo.fieldservice.generator import ensure_sqlite_database, populate
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES
from tests.agents.sql.catalog_cases import (
    ANSWERED,
    PLANNED,
    UNSUPPORTED,
    UNSUPPORTED_FOLLOW_UPS,
    Case,
    Text,
)
from tests.agents.sql.catalog_fixtures import Demo
from tests.agents.sql.conftest import POSTGRES_DSN, seeded_postgres_schema


@pytest.fixture(scope="module")
def demo() -> Demo:
    """The generated demo rows, for computing expectations."""
    return Demo()


@pytest.fixture(scope="module")
def demo_connection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The demo database built by the generator, opened read-only."""
    path = ensure_sqlite_database(tmp_path_factory.mktemp("catalog") / "demo.sqlite")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield connection
    connection.close()


def _text(value: Text, demo: Demo) -> str:
    return value if isinstance(value, str) else value(demo)


def _plan(case: Case, demo: Demo) -> QueryPlan:
    question = _text(case.question, demo)
    plan = plan_question(question, [_text(h, demo) for h in case.history], demo.today)
    assert plan is not None, f"no plan for {question!r}"
    return plan


def _run(plan: QueryPlan, connection: sqlite3.Connection) -> SqlResult:
    # Run what production runs: the guard's rendering of the plan's SQL.
    sql = vet_query(plan.sql, SqlPolicy(ALLOWED_TABLES, dialect="sqlite"))
    cursor = connection.execute(sql, dict(plan.params))
    columns = tuple(column[0] for column in cursor.description)
    return SqlResult(sql=sql, columns=columns, rows=tuple(cursor.fetchall()))


@pytest.mark.parametrize("case", PLANNED)
def test_answer_states_facts_computed_from_the_data(
    case: Case, demo: Demo, demo_connection: sqlite3.Connection
) -> None:
    plan = _plan(case, demo)
    expected = case.expect(demo)
    answer = compose_answer(plan, _run(plan, demo_connection))
    assert plan.intent == case.intent
    assert expected, "a case must check at least one fact"
    assert [fact for fact in expected if fact not in answer] == [], answer


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
@pytest.mark.parametrize("case", PLANNED)
def test_plan_passes_the_guard(case: Case, dialect: str, demo: Demo) -> None:
    plan = _plan(case, demo)
    vet_query(plan.sql, SqlPolicy(ALLOWED_TABLES, dialect=dialect))


@pytest.mark.parametrize("case", PLANNED)
def test_plan_sql_is_portable_and_fully_parameterized(case: Case, demo: Demo) -> None:
    plan = _plan(case, demo)
    placeholders = set(re.findall(r"(?<!:):([a-z_]+)", plan.sql))
    assert placeholders == set(plan.params)
    assert not re.search(r"strftime|date_trunc|julianday|now\(|current_date|ilike", plan.sql, re.I)


@pytest.mark.parametrize("question", UNSUPPORTED)
def test_unsupported_question_is_not_planned(question: str) -> None:
    assert plan_question(question) is None


@pytest.mark.parametrize(("question", "history"), UNSUPPORTED_FOLLOW_UPS)
def test_unreadable_follow_up_is_not_planned(question: str, history: Sequence[str]) -> None:
    assert plan_question(question, history) is None


@pytest.mark.parametrize(
    ("history", "subject"),
    [
        (["How many technicians are active?"], "technicians"),
        (["Which urgent work orders are still open?"], "work orders"),
        (["How many premium customers do we have?"], "customers"),
    ],
)
def test_follow_up_keeps_the_subject_of_the_last_planned_question(
    history: list[str], subject: str
) -> None:
    plan = plan_question("and in the North region?", history)
    assert plan is not None
    assert plan.subject == subject


def test_catalog_covers_at_least_45_phrasings(demo: Demo) -> None:
    questions = {_text(param.values[0].question, demo) for param in ANSWERED}
    assert len(questions) >= 45


def test_periods_are_bound_as_date_objects_for_postgres() -> None:
    orders = plan_question("How many work orders were created last month?")
    hours = plan_question("How many hours were logged last month?")
    assert orders is not None and hours is not None
    assert orders.params["start"] == datetime(2026, 9, 1)
    assert type(hours.params["start"]) is date and hours.params["start"] == date(2026, 9, 1)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which urgent work orders are still open?", "There are no open urgent work orders."),
        ("How many technicians are active?", "There are no active technicians."),
        (
            "Which technician completed the most work orders?",
            "There are no completed work orders to rank technicians by.",
        ),
        (
            "How much overtime did each technician work last week?",
            "No timesheet hours are recorded last week (2026-10-19 to 2026-10-25).",
        ),
    ],
)
def test_empty_result_is_stated_plainly(question: str, answer: str) -> None:
    plan = plan_question(question)
    assert plan is not None
    assert compose_answer(plan, SqlResult(sql=plan.sql, columns=(), rows=())) == answer


def test_ranking_names_everyone_tied_for_first() -> None:
    plan = plan_question("Which technician completed the most work orders?")
    assert plan is not None
    rows = (("Ada Byte", 5), ("Bo Chen", 5), ("Cy Dale", 3))
    answer = compose_answer(plan, SqlResult(sql=plan.sql, columns=("name", "amount"), rows=rows))
    assert answer == "Ada Byte (5) and Bo Chen (5) are tied for the most completed work orders."


def test_capabilities_is_a_short_summary_of_the_data() -> None:
    sentences = [s for s in re.split(r"(?<=\.)\s+", CAPABILITIES.strip()) if s]
    assert 2 <= len(sentences) <= 4
    for topic in ("technicians", "customers", "work orders", "overtime"):
        assert topic in CAPABILITIES
    # It is shown when no query ran: a number in it would read like a made-up fact.
    assert not any(ch.isdigit() for ch in CAPABILITIES)


def test_compose_rejects_a_plan_from_elsewhere() -> None:
    plan = QueryPlan("drop_everything", "SELECT 1", {}, "nothing", "nothing")
    with pytest.raises(ValueError, match="unknown catalog intent"):
        compose_answer(plan, SqlResult(sql="SELECT 1", columns=(), rows=()))


# --- PostgreSQL: the same plans give the same answers ---------------------------------------


@pytest.fixture(scope="module")
def demo_postgres_schema() -> Iterator[str]:
    """The demo data in a throwaway PostgreSQL schema (skipped when no server answers)."""
    with seeded_postgres_schema("catalog", populate) as schema:
        yield schema


@pytest.fixture
async def demo_postgres_tool(demo_postgres_schema: str) -> AsyncIterator[SqlTool]:
    """The production SQL tool on the PostgreSQL copy of the demo data."""
    source = PostgresReadOnlySource(
        POSTGRES_DSN, server_settings={"search_path": demo_postgres_schema}, max_connections=1
    )
    yield SqlTool(source, SqlPolicy(ALLOWED_TABLES, dialect="postgres"))
    await source.close()


@pytest.mark.parametrize("case", PLANNED)
async def test_postgres_gives_the_same_answer_as_sqlite(
    case: Case, demo: Demo, demo_connection: sqlite3.Connection, demo_postgres_tool: SqlTool
) -> None:
    plan = _plan(case, demo)
    on_postgres = compose_answer(plan, await demo_postgres_tool.run(plan.sql, plan.params))
    assert on_postgres == compose_answer(plan, _run(plan, demo_connection))
