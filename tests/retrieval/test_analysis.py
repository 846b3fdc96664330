"""Large documents are analysed in a worker process, small ones on a thread, with the same
result as in the service's own process."""

import multiprocessing

from agentstream.retrieval.analysis import DocumentAnalyser, analyse

MANUAL = (
    "# Pumps\n\n## Seals\n\nReplace the seals every year.\n\n## Valves\n\nCheck valves monthly."
)
# Large enough to go to the worker process (small batches are analysed on a thread).
LARGE = MANUAL + "\n\n## Notes\n\n" + "Gaskets wear out. " * 3_000


async def test_documents_are_analysed_in_a_worker_process() -> None:
    before = set(multiprocessing.active_children())
    analyser = DocumentAnalyser()
    try:
        [analysed] = await analyser.analyse([("pumps", "Pump manual", LARGE)])
        assert set(multiprocessing.active_children()) - before, "a worker process was started"
    finally:
        analyser.close()
    assert analysed == analyse("pumps", "Pump manual", LARGE)
    chunks = list(analysed.chunks())
    assert [c.chunk.section for c in chunks][:3] == ["Seals", "Valves", "Notes"]
    assert all(c.chunk.doc_id == "pumps" for c in chunks)


async def test_small_documents_start_no_worker() -> None:
    before = set(multiprocessing.active_children())
    analyser = DocumentAnalyser()
    assert await analyser.analyse([]) == []
    [analysed] = await analyser.analyse([("pumps", "Pump manual", MANUAL)])
    assert analysed == analyse("pumps", "Pump manual", MANUAL)
    assert set(multiprocessing.active_children()) == before
