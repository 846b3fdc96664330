"""Routing end to end: questions run through the orchestrator graph with the offline model, the
demo database and the policy documents; facts are read from the data and the documents."""

import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agentstream.agents.orchestrator import build_orchestrator
from agentstream.agents.routing import answers_question
from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.tool import SqliteReadOnlySource, SqlTool
from agentstream.agents.toolbox import ToolBox
from agentstream.demo.documents import load_policy_documents
from agentstream.demo.fieldservice.generator import REFERENCE_DATE
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES
from agentstream.llm.offline import OfflineChatModel
from agentstream.retrieval.bm25 import Bm25Index, SearchHit
from agentstream.retrieval.chunking import Chunk, chunk_markdown

# A document a tenant adds: its words are nowhere in the demo policies.
DRONE_POLICY = """# Drone Inspection Policy

Roof and solar inspections by drone are flown by certified pilots only.

## Weather limits

Drone flights are cancelled when the wind exceeds 30 km/h, in rain, or below 1 km visibility.
"""
GRAPH = build_orchestrator()


@dataclass
class Recorder:
    """The orchestrator's sink: what a client would see as thought and tool_call frames."""

    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def thought(self, text: str) -> None:
        """Thoughts are not checked here."""

    async def tool_call(self, text: str, tool: str, detail: dict[str, Any]) -> None:
        self.tool_calls.append((tool, detail))

    async def tokens(self, pieces: list[str]) -> None:
        """The answer is read from the final state."""


@dataclass
class ThoughtRecorder(Recorder):
    """A sink that keeps the thoughts too."""

    thoughts: list[str] = field(default_factory=list)

    async def thought(self, text: str) -> None:
        self.thoughts.append(text)


@dataclass
class Turn:
    """The outcome of one question."""

    route: str
    answer: str
    sources: list[dict[str, Any]]
    tools: list[str]


def _chunks(*extra: tuple[str, str, str]) -> list[Chunk]:
    documents = [(d.id, d.title, d.text) for d in load_policy_documents()] + list(extra)
    return [chunk for doc in documents for chunk in chunk_markdown(*doc)]


@pytest.fixture
async def sql_tool(demo_database: Path) -> AsyncIterator[SqlTool]:
    source = SqliteReadOnlySource(demo_database)
    yield SqlTool(source, SqlPolicy(ALLOWED_TABLES, dialect="sqlite"))
    await source.close()


@pytest.fixture
def demo_rows(demo_database: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_database}?mode=ro", uri=True)
    yield connection
    connection.close()


def _scalar(connection: sqlite3.Connection, sql: str) -> int:
    return int(connection.execute(sql).fetchone()[0])


async def _ask(toolbox: ToolBox, question: str, *earlier: str) -> Turn:
    """One turn after the user's `earlier` questions (the answers do not matter here)."""
    sink = Recorder()
    configurable = {"toolbox": toolbox, "sink": sink, "model": OfflineChatModel()}
    history = [("user", text) for text in earlier]
    state = await GRAPH.ainvoke(
        {"question": question, "history": history}, config={"configurable": configurable}
    )
    return Turn(state["route"], state["answer"], state["sources"], [t for t, _ in sink.tool_calls])


@pytest.fixture
def demo(sql_tool: SqlTool) -> ToolBox:
    """The demo tenant after it added a drone policy of its own."""
    index = Bm25Index(_chunks(("drone", "Drone Inspection Policy", DRONE_POLICY)))
    return ToolBox(sql=sql_tool, knowledge=index, today=REFERENCE_DATE)


@pytest.mark.parametrize(
    "question",
    [
        "What was our revenue last quarter?",
        "How many technicians are in the Atlantis region?",
        "What is the weather today?",
        "Which technicians like pizza?",
        "What is the policy on remote work?",
        # each shares words with a passage that answers another question; the thing asked
        # about ("allowance", "testing", "resigning", "social") is in no document
        "What's the daily meal allowance I can expense on an overnight job?",
        "What is the rule for using personal phones while on a customer site?",
        "Is there a policy on drug and alcohol testing?",
        "How much notice do I need to give before resigning?",
        "What is the company's social media policy?",
        # the leave policy's vacation passage shares every word but "sick", which heads
        # another of its sections: it answers another question
        "how many sick days can be carried over to next yr?",
    ],
)
async def test_a_question_no_passage_answers_gets_the_honest_answer(
    demo: ToolBox, question: str
) -> None:
    turn = await _ask(demo, question)
    assert (turn.route, turn.sources, turn.tools) == ("none", [], [])
    assert turn.answer.startswith("I can't answer that"), turn.answer
    assert "Drone Inspection Policy" in turn.answer, "it says what it can answer from"
    assert not any(ch.isdigit() for ch in turn.answer), "no invented numbers"


@pytest.mark.parametrize(
    ("question", "title", "words"),
    [
        ("What are the overtime rules?", "Overtime Policy", ["approved in advance"]),
        ("What PPE is required for electrical work?", "Safety Procedures", ["Arc-flash"]),
        ("How do I request annual leave?", "Leave Policy", ["HR portal"]),
        ("When are drone flights cancelled?", "Drone Inspection Policy", ["30 km/h"]),
        # the asker's case ("if my father dies") need not be in the rule that covers it
        (
            "how much bereavement leave do I get if my father dies",
            "Leave Policy",
            ["Bereavement"],
        ),
        ("how much PTO does a full-timer get", "Leave Policy", ["25 days"]),
    ],
)
async def test_a_policy_question_is_answered_from_the_document_and_cites_it(
    demo: ToolBox, question: str, title: str, words: list[str]
) -> None:
    turn = await _ask(demo, question)
    assert turn.route == "rag", turn.answer
    assert turn.answer.startswith(f"According to the {title}"), turn.answer
    assert all(word in turn.answer for word in words), turn.answer
    assert turn.sources[0]["title"] == title


@pytest.mark.parametrize(
    ("question", "count_sql", "title"),
    [
        (
            "How many technicians are active? And what are the overtime rules?",
            "SELECT COUNT(*) FROM technicians WHERE status = 'active'",
            "Overtime Policy",
        ),
        (
            "How many open urgent work orders are there and what does the SLA policy require?",
            "SELECT COUNT(*) FROM work_orders WHERE status = 'open' AND priority = 'urgent'",
            "Service Level Agreement",
        ),
    ],
)
async def test_a_question_asking_data_and_rules_gets_both(
    demo: ToolBox, demo_rows: sqlite3.Connection, question: str, count_sql: str, title: str
) -> None:
    turn = await _ask(demo, question)
    assert turn.route == "both"
    assert turn.tools == ["sql", "rag"]
    assert {source["type"] for source in turn.sources} == {"sql", "document"}
    data, _, policy = turn.answer.partition(" According to the ")
    assert f"There are {_scalar(demo_rows, count_sql)} " in data
    assert policy.startswith(title) and f"[Source: {title}" in policy


@pytest.mark.parametrize(
    ("question", "data", "title"),
    [
        (
            "How much overtime did each technician work last week? And what are the rules?",
            "Total overtime hours by technician",
            "Overtime Policy",
        ),
        ("How many technicians are on leave? And what are the rules?", "on leave", "Leave Policy"),
    ],
)
async def test_rules_clause_without_a_topic_takes_the_topic_of_the_data_clause(
    demo: ToolBox, question: str, data: str, title: str
) -> None:
    turn = await _ask(demo, question)
    assert turn.route == "both"
    assert data in turn.answer.partition(" According to the ")[0]
    assert f"According to the {title}: " in turn.answer, turn.answer


def _urgent_targets() -> list[str]:
    """The cells of the urgent row of the SLA's targets table, as the document writes them."""
    sla = next(d for d in load_policy_documents() if d.id == "sla")
    row = next(line for line in sla.text.splitlines() if line.startswith("| Urgent"))
    return [cell.strip() for cell in row.strip("|").split("|")[1:]]


@pytest.mark.parametrize(
    "question",
    [
        "What is the SLA response time for urgent work orders?",
        "What is the response time target for an urgent ticket?",
    ],
)
async def test_a_figure_asked_for_comes_from_its_table_row(demo: ToolBox, question: str) -> None:
    turn = await _ask(demo, question)
    assert turn.route == "rag"
    first = turn.answer.removeprefix("According to the Service Level Agreement: ")
    first_statement = first.split(". ")[0]
    assert "Standard response" in first_statement and "Premium response" in first_statement
    assert all(cell in first_statement for cell in _urgent_targets()), turn.answer


async def test_a_tenant_without_a_database_is_told_what_its_documents_cover() -> None:
    index = Bm25Index(chunk_markdown("drone", "Drone Policy", DRONE_POLICY))
    tenant = ToolBox(sql=None, knowledge=index, today=REFERENCE_DATE)
    turn = await _ask(tenant, "How many technicians are active?")
    assert turn.route == "none"
    assert "Drone Policy" in turn.answer
    assert "field-service data" not in turn.answer


@pytest.mark.parametrize(
    "follow_up",
    [
        "And which of them has the most open work orders?",
        # read but not understood: a ranking of what is not said
        "and which of them is on leave the most?",
        # words outside the data: still about the rows of the previous answer
        "and how many of them requested leave?",
    ],
)
async def test_a_data_follow_up_is_never_answered_from_a_policy_passage(
    demo: ToolBox, follow_up: str
) -> None:
    turn = await _ask(demo, follow_up, "How many technicians are active?")
    assert turn.route in ("sql", "none"), turn.answer
    assert not any(source["type"] == "document" for source in turn.sources)
    assert "According to" not in turn.answer


@pytest.mark.parametrize(
    "question",
    [
        # every word names the data, but the question cannot be planned
        "which urgent work orders have no customers",
        "urgent work orders per customer per technician",
    ],
)
async def test_a_data_question_not_planned_is_never_answered_from_a_policy_passage(
    demo: ToolBox, question: str
) -> None:
    turn = await _ask(demo, question)
    assert turn.route == "none", turn.answer
    assert turn.sources == []
    assert turn.answer.startswith("I can't answer that"), turn.answer


async def test_which_of_them_ranks_the_previous_result(
    demo: ToolBox, demo_rows: sqlite3.Connection
) -> None:
    turn = await _ask(
        demo, "and which of them has the most work orders?", "How many technicians are active?"
    )
    top = demo_rows.execute(
        "SELECT t.name, COUNT(*) FROM work_orders w JOIN technicians t ON t.id = w.technician_id"
        " WHERE t.status = 'active' GROUP BY t.id ORDER BY 2 DESC, t.name LIMIT 1"
    ).fetchone()
    assert turn.route == "sql"
    assert f"{top[0]} ({top[1]})" in turn.answer, turn.answer


@pytest.mark.parametrize(
    ("question", "section", "words"),
    [
        ("lockout tagout steps", "Lockout/tagout", "Apply your personal lock"),
        ("minimum rest between shifts", "Rest periods", "11 consecutive hours of rest"),
        (
            "Can a technician stop work if conditions are unsafe?",
            "Stop-work authority",
            "the authority and the duty to stop work that is unsafe",
        ),
    ],
)
async def test_a_question_naming_nothing_in_the_data_is_answered_from_the_documents(
    demo: ToolBox, question: str, section: str, words: str
) -> None:
    turn = await _ask(demo, question)
    assert turn.route == "rag", turn.answer
    assert words in turn.answer
    assert section in [source["section"] for source in turn.sources]


async def test_the_sql_source_gives_the_values_bound_to_its_parameters(demo: ToolBox) -> None:
    turn = await _ask(demo, "How many technicians are active?")
    (source,) = [source for source in turn.sources if source["type"] == "sql"]
    assert "active" in source["params"].values()
    assert all(f":{name}" in source["sql"] for name in source["params"])


async def test_a_refusal_of_an_unread_question_says_so_in_its_thought(demo: ToolBox) -> None:
    sink = ThoughtRecorder()
    configurable = {"toolbox": demo, "sink": sink, "model": OfflineChatModel()}
    question = "Urgent work orders per customer per technician?"
    state = await GRAPH.ainvoke({"question": question}, config={"configurable": configurable})
    assert state["answer"].startswith("I can't answer that: I did not understand 'per customer'")
    assert sink.thoughts == ["I could not understand all of this question, so I will not guess."]


async def test_a_refused_policy_question_names_the_words_no_document_uses(demo: ToolBox) -> None:
    # "days" and "off" are the leave policy's words; a goldfish is in neither the data nor a
    # document (a mum is a parent, which the leave policy names)
    turn = await _ask(demo, "my goldfish passed away last week, how many days off do i get?")
    assert turn.route == "none", turn.answer
    assert turn.answer.startswith(
        "I can't answer that: neither the data nor the documents use 'goldfish', and no passage"
    ), turn.answer


async def test_rows_the_data_cannot_name_are_not_named_from_a_passage(demo: ToolBox) -> None:
    # the van policy speaks of technicians and licences; it does not say which technicians
    # hold one, and the answer must not read as if it did (cold try c16-r20)
    turn = await _ask(demo, "which technicians have a valid driving licence?")
    assert turn.answer.startswith(
        "The data does not record 'valid driving licence', so I cannot say which technicians."
    ), turn.answer
    assert "only trained employees with a valid driving licence may drive it" in turn.answer


async def test_a_which_question_about_a_hyphenated_noun_finds_the_passage(
    demo: ToolBox,
) -> None:
    # "call-outs" is indexed as "call", "out" and "callout": the noun asked for is one of them
    turn = await _ask(demo, "which call-outs are paid at 2x the base rate?")
    assert turn.route == "rag", turn.answer
    assert "Hours over 10 in a single day (emergency call-outs only)" in turn.answer


async def test_the_document_step_lists_the_passages_quoted(demo: ToolBox) -> None:
    sink = Recorder()
    configurable = {"toolbox": demo, "sink": sink, "model": OfflineChatModel()}
    question = "What protective gear do I need when working near live electrical equipment?"
    state = await GRAPH.ainvoke({"question": question}, config={"configurable": configurable})
    [(tool, detail)] = sink.tool_calls
    cited = [source for source in state["sources"] if source["type"] == "document"]
    assert tool == "rag" and detail["documents"] == cited


@pytest.mark.parametrize(
    ("question", "route"),
    [
        ("How many hours of rest do techs need between two shifts?", "rag"),
        ("how many days notice do I need to give for a week of vacation", "rag"),
        # what the data reads is the data's question, with no passage added
        ("how many technicians do we need in the North", "sql"),
    ],
)
async def test_what_someone_needs_is_a_rules_question_when_the_data_cannot_read_it(
    demo: ToolBox, question: str, route: str
) -> None:
    turn = await _ask(demo, question)
    assert (turn.route, turn.tools) == (route, [route]), turn.answer


async def test_an_answer_over_a_relative_period_says_which_day_it_counted_from(
    demo: ToolBox, sql_tool: SqlTool
) -> None:
    """The demo data stops on a fixed day: "last month" is the month before it, and the answer
    says so; over data that lives in the present it is the calendar's last month."""
    question = "how many work orders were completed last month"
    frozen = await _ask(demo, question)
    assert f"counted from {REFERENCE_DATE.isoformat()}" in frozen.answer, frozen.answer
    live = await _ask(replace(demo, today=datetime.now(UTC).date()), question)
    assert "counted from" not in live.answer, live.answer


async def test_a_ranking_of_people_over_rows_nobody_holds_says_so(
    demo: ToolBox, demo_rows: sqlite3.Connection
) -> None:
    """The open work orders are all unassigned: there are some, and no technician has one."""
    assert _scalar(demo_rows, "SELECT COUNT(*) FROM work_orders WHERE status = 'open'")
    held = "SELECT COUNT(*) FROM work_orders WHERE status = 'open' AND technician_id IS NOT NULL"
    assert not _scalar(demo_rows, held)
    turn = await _ask(demo, "who has the most open work orders")
    assert turn.answer == "No technician has any open work orders, so none ranks first."


async def test_a_tie_for_first_place_is_said(demo: ToolBox) -> None:
    turn = await _ask(demo, "which technician has the most scheduled work orders")
    assert turn.answer.startswith("The technicians tied for the most scheduled work orders: ")


TOOL_POLICY = """# Tool Allowance Policy

This policy explains the yearly tool allowance Meridian Field Services pays to field technicians.

## Allowance amounts

- Qualified field technicians receive a tool allowance of **$600 per calendar year**.
- Apprentices receive **$300 per calendar year**.

## Claiming

Submit the receipt in the expenses app within **60 days** of the purchase.
"""


@pytest.fixture
def with_tools_policy(sql_tool: SqlTool) -> ToolBox:
    """The demo tenant after it added a short policy of its own (from a blind try)."""
    index = Bm25Index(_chunks(("tools", "Tool Allowance Policy", TOOL_POLICY)))
    return ToolBox(sql=sql_tool, knowledge=index, today=REFERENCE_DATE)


async def test_a_word_the_answering_document_never_uses_is_not_answered_around(
    with_tools_policy: ToolBox,
) -> None:
    """ "Subcontractors" are in the safety procedures, never in the tool allowance policy, whose
    amounts would answer a question about someone else."""
    turn = await _ask(with_tools_policy, "do subcontractors get a tool allowance too?")
    assert turn.route == "none", turn.answer


async def test_how_often_is_read_as_the_period_policies_name(with_tools_policy: ToolBox) -> None:
    """ "Yearly" is the policy's "per calendar year": the amounts answer, not the introduction."""
    turn = await _ask(with_tools_policy, "whats the yearly tool allowance for apprentices")
    assert "Apprentices receive $300 per calendar year" in turn.answer, turn.answer


SLA_TIERS = Chunk(
    "sla#1",
    "sla",
    "Service Level Agreement",
    "",
    "Customers belong to one of two tiers, Standard or Premium; the tier is shown on every "
    "work order.",
)


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        # it names both tiers and work orders, but says nothing of which has more
        (SLA_TIERS.text, False),
        ("Premium customers raise more work orders than standard customers do.", True),
    ],
)
def test_a_comparison_of_amounts_is_answered_only_by_a_passage_that_compares(
    text: str, answers: bool
) -> None:
    hit = SearchHit(replace(SLA_TIERS, text=text), score=3.0, coverage=1.0)
    question = "Do premium customers have more work orders than standard customers?"
    assert answers_question([hit], asks_rules=False, question=question) is answers
    # a rules question may compare without its passage comparing ("more than 10 hours")
    assert answers_question([hit], asks_rules=True, question=question)


def test_a_passage_without_the_question_rarest_word_answers_nothing() -> None:
    question = "Can I use my personal phone while on a customer site?"
    for distinctive in (True, False):
        hit = SearchHit(SLA_TIERS, score=3.0, coverage=1.0, distinctive=distinctive)
        assert answers_question([hit], asks_rules=True, question=question) is distinctive


async def test_words_only_the_documents_use_send_a_question_naming_data_values_to_them(
    demo: ToolBox,
) -> None:
    # "medium" and "standard" are data values; "resolution" and "target" are the SLA's words.
    turn = await _ask(demo, "resolution target for a medium ticket, standard customer?")
    assert turn.route == "rag"
    assert "Medium — Standard response" in turn.answer, turn.answer
