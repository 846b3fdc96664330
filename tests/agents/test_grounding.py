"""Answers composed from policy passages: grounded in the documents, cited, readable."""

import pytest

from agentstream.agents.grounding import DocumentAnswer, compose_document_answer, statements
from agentstream.demo.documents import load_policy_documents
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.chunking import Chunk, chunk_markdown


@pytest.fixture(scope="module")
def index() -> Bm25Index:
    return Bm25Index(
        [c for d in load_policy_documents() for c in chunk_markdown(d.id, d.title, d.text)]
    )


def _cited(index: Bm25Index, question: str) -> DocumentAnswer:
    hits = index.search(question, k=3)
    return compose_document_answer(question, hits, index.chunks_of(hits[0].chunk.doc_id))


def _answer(index: Bm25Index, question: str) -> str:
    return _cited(index, question).text


def _normalized(text: str) -> str:
    return " ".join(text.replace("**", "").replace("|", " ").split())


def test_table_rows_become_statements_labelled_with_their_column_headers() -> None:
    text = "| Priority | Standard | Premium |\n|---|---|---|\n| Urgent | 4 h | 2 h |\n"
    chunk = Chunk("d#1", "d", "Doc", "Targets", text)
    assert statements(chunk) == ["Targets: Priority: Urgent — Standard: 4 h; Premium: 2 h."]


def test_a_lead_in_carries_its_list_items() -> None:
    text = "Wear the following:\n\n- **boots**;\n- a helmet.\n\nThen start work on the site."
    chunk = Chunk("d#1", "d", "Doc", "PPE", text)
    assert statements(chunk) == [
        "Wear the following: boots; a helmet.",
        "Then start work on the site.",
    ]


GUIDE = """# Remote Diagnostics Guide

## Connecting

Connect to the customer VPN first. Then log in to the controller.

```
ssh tech@controller.local

sudo diag --full
```

If the login fails three times, the controller locks the account.

## Results

A result of WARN means the unit needs a visit within 5 business days.
"""


def test_a_code_block_is_one_statement_that_keeps_its_lines() -> None:
    [connecting, _] = chunk_markdown("g", "Remote Diagnostics Guide", GUIDE)
    assert statements(connecting)[2].strip() == (
        "```\nssh tech@controller.local\n\nsudo diag --full\n```"
    )


def test_an_uploaded_guide_is_quoted_in_reading_order_with_its_code_block() -> None:
    index = Bm25Index(chunk_markdown("g", "Remote Diagnostics Guide", GUIDE))
    question = "How do I connect to a customer controller?"
    hits = index.search(question)
    answer = compose_document_answer(question, hits, index.chunks_of("g")).text
    assert answer == (
        "According to the Remote Diagnostics Guide: Connect to the customer VPN first. Then log"
        " in to the controller.\n\n```\nssh tech@controller.local\n\nsudo diag --full\n```"
        "\n\nIf the login fails three times, the controller locks the account."
        " [Source: Remote Diagnostics Guide (Connecting)]"
    )


def test_question_about_a_whole_policy_summarizes_its_sections(index: Bm25Index) -> None:
    answer = _answer(index, "What are the overtime rules?")
    assert answer.startswith("According to the Overtime Policy:")
    assert "[Source: Overtime Policy (" in answer and "Overtime rates" in answer
    assert "1.5 × base hourly rate" in answer
    assert "approved in advance" in answer


def test_specific_question_answers_from_the_best_passage(index: Bm25Index) -> None:
    answer = _answer(index, "What PPE is required?")
    assert "safety boots" in answer
    assert "[Source: Safety Procedures (Personal protective equipment (PPE)" in answer


@pytest.mark.parametrize(
    "question",
    [
        "What are the overtime rules?",
        "How fast must we respond to an urgent ticket for a premium customer?",
        "How do I request vacation?",
        "Can I take the company van home?",
        "A customer wants to escalate a complaint",
    ],
)
def test_every_word_of_the_answer_comes_from_the_cited_document(
    index: Bm25Index, question: str
) -> None:
    answer = _answer(index, question)
    cited = _cited(index, question)
    documents = {d.title: _normalized(d.text) for d in load_policy_documents()}
    cited_text = " ".join(documents[title] for title in {c.title for c in cited.cited})
    body = answer.split(": ", 1)[1].rsplit(" [Source:", 1)[0]
    for word in body.replace("—", " ").replace(";", " ").split():
        assert word.strip(".,:;()") in cited_text, word


@pytest.mark.parametrize(
    "question",
    [
        "What is the weekly overtime cap?",
        "How many vacation days do full-time employees get?",
        "What are the overtime rules?",
        "How fast must we respond to an urgent ticket for a premium customer?",
    ],
)
def test_the_sources_are_exactly_the_sections_quoted(index: Bm25Index, question: str) -> None:
    cited = _cited(index, question)
    body = _normalized(cited.text.split(": ", 1)[1].rsplit(" [Source:", 1)[0])
    quoted = {
        chunk.chunk_id
        for chunk in cited.cited
        if any(_normalized(statement) in body for statement in statements(chunk))
    }
    assert quoted == {chunk.chunk_id for chunk in cited.cited}
    for chunk in cited.cited:
        assert chunk.section in cited.text.rsplit("[Source: ", 1)[1]


@pytest.mark.parametrize(
    ("question", "sections", "first"),
    [
        ("lockout tagout steps", ["Lockout/tagout"], "Before servicing equipment"),
        (
            "Can a technician refuse a job if they feel unsafe?",
            ["Stop-work authority"],
            "Every technician has the authority and the duty to stop work that is unsafe.",
        ),
        (
            "What is the escalation path when a premium customer complains?",
            ["Escalation levels"],
            "Escalation levels: Level: 1 — Owner: Service coordinator;",
        ),
        (
            "How many vacation days do I get?",
            ["Vacation entitlement"],
            "Full-time employees receive 25 days of paid vacation",
        ),
    ],
)
def test_an_answer_quotes_the_section_that_answers_in_reading_order(
    index: Bm25Index, question: str, sections: list[str], first: str
) -> None:
    cited = _cited(index, question)
    assert [chunk.section for chunk in cited.cited] == sections
    body = cited.text.split(": ", 1)[1]
    assert body.startswith(first), body


def test_a_figure_worked_into_a_sum_is_not_held_against_another_rule(index: Bm25Index) -> None:
    # Cold try c16-r33, P11: "19% of your $10,000 a month is $1,900" was followed by "your
    # $10,000 is $9,500 more than the $500 of … a goodwill gesture of up to $500".
    question = (
        "we missed 3 urgent response targets and 2 high ones for a premium customer paying "
        "$10,000 a month, how much service credit do they get"
    )
    text = _cited(index, question).text
    assert "19% of your $10,000 a month is $1,900" in text
    assert "your $10,000 is" not in text


def test_more_of_an_amount_is_added_to_it_whatever_its_verb(index: Bm25Index) -> None:
    # Cold try c16-r33, P21: "done 10 overtime hours this week, can I do 4 more?" compared the
    # 10 alone with the 12-hour cap.
    text = _cited(index, "done 10 overtime hours this week, can I do 4 more?").text
    assert "10 overtime hours already plus 4 more" in text
