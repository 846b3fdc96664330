"""Documents are analysed in a worker process, with the same result as in the service's own."""

import multiprocessing

from agentstream.retrieval.analysis import DocumentAnalyser, analyse

MANUAL = (
    "# Pumps\n\n## Seals\n\nReplace the seals every year.\n\n## Valves\n\nCheck valves monthly."
)


async def test_documents_are_analysed_in_a_worker_process() -> None:
    before = set(multiprocessing.active_children())
    analyser = DocumentAnalyser()
    try:
        [analysed] = await analyser.analyse([("pumps", "Pump manual", MANUAL)])
        assert set(multiprocessing.active_children()) - before, "a worker process was started"
    finally:
        analyser.close()
    assert analysed == analyse("pumps", "Pump manual", MANUAL)
    chunks = list(analysed.chunks())
    assert [c.chunk.section for c in chunks] == ["Seals", "Valves"]
    assert all(c.chunk.doc_id == "pumps" for c in chunks)


async def test_nothing_to_analyse_starts_no_worker() -> None:
    before = set(multiprocessing.active_children())
    analyser = DocumentAnalyser()
    assert await analyser.analyse([]) == []
    assert set(multiprocessing.active_children()) == before
