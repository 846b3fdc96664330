"""Grounded answers composed from retrieved passages, citing the documents they come from."""

import re
from collections.abc import Sequence

from agentstream.retrieval.bm25 import SearchHit, tokenize

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _terms(text: str) -> set[str]:
    return set(tokenize(text))


def _sentences(text: str) -> list[str]:
    lines = [ln.strip().lstrip("-*0123456789. ").strip() for ln in text.splitlines()]
    prose = " ".join(ln for ln in lines if ln and not ln.startswith("#") and not ln.startswith("|"))
    return [s.strip() for s in _SENTENCE_END.split(prose) if len(s.strip()) > 20]


def compose_document_answer(
    question: str, hits: Sequence[SearchHit], max_sentences: int = 4
) -> str:
    """The sentences of the best passages that share most words with the question, cited."""
    wanted = _terms(question)
    best_doc = hits[0].chunk.doc_id
    scored: list[tuple[int, int, str, str]] = []
    for rank, hit in enumerate(hits):
        # The best document speaks first; others only when they add a matching sentence.
        if hit.chunk.doc_id != best_doc and rank > 1:
            continue
        for position, sentence in enumerate(_sentences(hit.chunk.text)):
            overlap = len(wanted & _terms(sentence))
            scored.append(
                (-(overlap * 10 - rank), position + rank * 100, sentence, hit.chunk.title)
            )
    chosen = sorted(scored)[:max_sentences]
    chosen.sort(key=lambda item: item[1])
    if not chosen:
        return ""
    titles = list(dict.fromkeys(title for *_, title in chosen))
    body = " ".join(sentence for _, _, sentence, _ in chosen)
    citation = "; ".join(titles)
    return f"According to the {citation}: {body} [Source: {citation}]"
