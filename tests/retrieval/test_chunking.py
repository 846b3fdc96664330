"""Specification of Markdown chunking."""

import re

import pytest

from agentstream.demo.documents import load_policy_documents
from agentstream.retrieval.chunking import Chunk, chunk_markdown

DOC = """# Handbook

Welcome to the handbook.

## First steps

Read this first.

## Tools

Keep your tools clean.
"""


def paragraph(word: str, sentences: int) -> str:
    return " ".join(f"{word} sentence number {i} ends here." for i in range(sentences))


def test_sections_become_chunks_with_sequential_ids() -> None:
    chunks = chunk_markdown("handbook", "Handbook", DOC)
    assert chunks == [
        Chunk("handbook#1", "handbook", "Handbook", "", "Welcome to the handbook."),
        Chunk("handbook#2", "handbook", "Handbook", "First steps", "Read this first."),
        Chunk("handbook#3", "handbook", "Handbook", "Tools", "Keep your tools clean."),
    ]


def test_document_without_sections_is_one_chunk_without_its_title() -> None:
    chunks = chunk_markdown("note", "Note", "# Note\n\nJust one paragraph.\n")
    assert [(c.chunk_id, c.section, c.text) for c in chunks] == [
        ("note#1", "", "Just one paragraph.")
    ]


def test_empty_sections_and_documents_give_no_chunks() -> None:
    assert chunk_markdown("empty", "Empty", "") == []
    chunks = chunk_markdown("d", "D", "# D\n\n## Empty\n\n## Full\n\nText.\n")
    assert [(c.chunk_id, c.section) for c in chunks] == [("d#1", "Full")]


def test_subsections_stay_in_their_section() -> None:
    text = "## Parent\n\nIntro.\n\n### Child\n\nDetail.\n"
    chunks = chunk_markdown("d", "D", text)
    assert len(chunks) == 1
    assert chunks[0].section == "Parent"
    assert chunks[0].text == "Intro.\n\n### Child\n\nDetail."


def test_heading_inside_a_code_fence_is_not_a_section() -> None:
    text = "## Real\n\n```\n## not a heading\n```\n"
    chunks = chunk_markdown("d", "D", text)
    assert [c.section for c in chunks] == ["Real"]
    assert "## not a heading" in chunks[0].text


CODE = "Run these:\n\n```\nssh tech@unit\n\n# then\nsudo diag --full\n```\n\nDone."


def test_a_blank_line_inside_a_code_block_does_not_split_it() -> None:
    chunks = chunk_markdown("d", "D", f"## Run\n\n{CODE}", max_chars=50)
    assert "```\nssh tech@unit\n\n# then\nsudo diag --full\n```" in [c.text for c in chunks]


def test_a_code_block_longer_than_max_is_cut_between_lines_each_piece_fenced() -> None:
    lines = [f"step --number {n}" for n in range(30)]
    text = "## Script\n\n```sh\n" + "\n".join(lines) + "\n```\n"
    chunks = chunk_markdown("d", "D", text, max_chars=120)
    assert len(chunks) > 1 and all(len(c.text) <= 120 for c in chunks)
    assert all(c.text.startswith("```sh\n") and c.text.endswith("\n```") for c in chunks)
    assert [line for c in chunks for line in c.text.splitlines()[1:-1]] == lines


def test_long_section_is_split_between_paragraphs() -> None:
    paragraphs = [paragraph(word, 12) for word in ("alpha", "beta", "gamma")]
    assert all(400 < len(p) < 600 for p in paragraphs)
    text = "## Long\n\n" + "\n\n".join(paragraphs)
    chunks = chunk_markdown("d", "D", text, max_chars=1200)
    assert [c.text for c in chunks] == [f"{paragraphs[0]}\n\n{paragraphs[1]}", paragraphs[2]]
    assert [c.chunk_id for c in chunks] == ["d#1", "d#2"]
    assert {c.section for c in chunks} == {"Long"}


def test_paragraph_longer_than_max_is_split_at_sentence_boundaries() -> None:
    long_paragraph = paragraph("delta", 40)
    chunks = chunk_markdown("d", "D", long_paragraph, max_chars=300)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk.text) <= 300
        assert chunk.text.startswith("delta sentence number ")
        assert chunk.text.endswith("ends here.")
    assert " ".join(c.text for c in chunks) == long_paragraph


def test_long_list_is_split_between_items() -> None:
    items = [f"- item {i} without a final period" for i in range(20)]
    chunks = chunk_markdown("d", "D", "\n".join(items), max_chars=200)
    assert len(chunks) > 1
    for chunk in chunks:
        assert all(
            re.fullmatch(r"- item \d+ without a final period", line)
            for line in chunk.text.splitlines()
        )


def test_sentence_longer_than_max_is_split_at_spaces() -> None:
    sentence = " ".join(f"word{i}" for i in range(100))
    chunks = chunk_markdown("d", "D", sentence, max_chars=50)
    assert all(len(c.text) <= 50 for c in chunks)
    assert " ".join(c.text for c in chunks) == sentence


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        chunk_markdown("d", "D", "Text.", max_chars=0)


@pytest.mark.parametrize("max_chars", [120, 400, 1200])
def test_policy_documents_are_chunked_without_losing_words(max_chars: int) -> None:
    for doc in load_policy_documents():
        chunks = chunk_markdown(doc.id, doc.title, doc.text, max_chars=max_chars)
        assert all(len(c.text) <= max_chars for c in chunks)
        assert [c.chunk_id for c in chunks] == [f"{doc.id}#{i}" for i in range(1, len(chunks) + 1)]
        body_lines = [line for line in doc.text.splitlines() if not line.startswith(("# ", "## "))]
        assert " ".join(c.text for c in chunks).split() == " ".join(body_lines).split()


def test_policy_sections_fit_in_one_chunk_at_the_default_size() -> None:
    sla = next(doc for doc in load_policy_documents() if doc.id == "sla")
    chunks = chunk_markdown(sla.id, sla.title, sla.text)
    sections = [c.section for c in chunks]
    assert sections[0] == ""
    assert "Response and resolution targets" in sections
    assert len(sections) == len(set(sections))
