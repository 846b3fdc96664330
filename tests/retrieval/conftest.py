"""Fixtures shared by the retrieval tests."""

from collections.abc import Iterator

import pytest

from agentstream.demo.documents import load_policy_documents
from agentstream.retrieval.analysis import DocumentAnalyser
from agentstream.retrieval.bm25 import Bm25Index
from agentstream.retrieval.chunking import Chunk, chunk_markdown


@pytest.fixture(scope="session")
def policy_chunks() -> list[Chunk]:
    return [
        chunk
        for doc in load_policy_documents()
        for chunk in chunk_markdown(doc.id, doc.title, doc.text)
    ]


@pytest.fixture(scope="session")
def policy_index(policy_chunks: list[Chunk]) -> Bm25Index:
    return Bm25Index(policy_chunks)


@pytest.fixture(scope="session")
def analyser() -> Iterator[DocumentAnalyser]:
    """One analysis worker process for the tests that index documents (it starts in ~1 s)."""
    shared = DocumentAnalyser()
    yield shared
    shared.close()
