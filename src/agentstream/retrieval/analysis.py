"""Documents analysed for the index (chunked, tokenized) in a worker process.

Analysis is pure Python: a large document holds the GIL for tens of milliseconds, and on any
thread of the service that would delay every request while it runs. A worker process of its
own costs nothing on the service's GIL; its results travel as plain tuples, which unpickle many
times faster than objects, and become chunks on the event loop as they are indexed.
"""

import asyncio
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from agentstream.retrieval.bm25 import AnalyzedChunk, analyze
from agentstream.retrieval.chunking import Chunk, chunk_markdown

# chunk_id, title, section, text, terms, counts, length
ChunkRow = tuple[str, str, str, str, tuple[str, ...], tuple[int, ...], int]


@dataclass(frozen=True, slots=True)
class AnalysedDocument:
    """A document's chunks, analysed and ready to index."""

    doc_id: str
    rows: tuple[ChunkRow, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def chunks(self, start: int = 0, stop: int | None = None) -> Iterator[AnalyzedChunk]:
        """Its analysed chunks (from `start` to `stop`), in reading order."""
        for chunk_id, title, section, text, terms, counts, length in self.rows[start:stop]:
            chunk = Chunk(chunk_id, self.doc_id, title, section, text)
            yield AnalyzedChunk(chunk, terms, counts, length)


def analyse(doc_id: str, title: str, text: str) -> AnalysedDocument:
    """Chunk and analyse one document (CPU work: keep it off the event loop)."""
    rows = []
    for chunk in chunk_markdown(doc_id, title, text):
        _, terms, counts, length = analyze(chunk)
        rows.append((chunk.chunk_id, chunk.title, chunk.section, chunk.text, terms, counts, length))
    return AnalysedDocument(doc_id, tuple(rows))


def _analyse_all(documents: Sequence[tuple[str, str, str]]) -> list[tuple[str, list[ChunkRow]]]:
    # Runs in the worker: returns tuples only (see the module docstring).
    return [(doc_id, list(analyse(doc_id, title, text).rows)) for doc_id, title, text in documents]


# Below this many characters in a batch, analysis takes a few milliseconds: a thread does it
# at once rather than wait for the worker process (which starts in a second or more).
_SMALL_BATCH_CHARS = 32_000


class DocumentAnalyser:
    """Analyses large batches of documents in one worker process (started at the first one),
    small ones on a thread."""

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor
        self._owned = executor is None

    async def analyse(self, documents: Sequence[tuple[str, str, str]]) -> list[AnalysedDocument]:
        """Analyse (doc_id, title, text) documents, in order."""
        if not documents:
            return []
        batch = list(documents)
        if sum(len(text) for _, _, text in batch) < _SMALL_BATCH_CHARS:
            results = await asyncio.to_thread(_analyse_all, batch)
        else:
            loop = asyncio.get_running_loop()
            results = await loop.run_in_executor(self._worker(), _analyse_all, batch)
        return [AnalysedDocument(doc_id, tuple(rows)) for doc_id, rows in results]

    def _worker(self) -> Executor:
        if self._executor is None:
            # spawn: forking a process that runs threads and an event loop is not safe.
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        return self._executor

    def close(self) -> None:
        """Stop the worker process, if this analyser started it."""
        if self._owned and self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
