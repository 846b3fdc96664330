"""Grounded answers composed from policy passages, citing the documents they come from.

A question about a whole policy ("What are the overtime rules?") gets a summary: the most
concrete statement of each section of the best document. A specific question gets the
statements of the retrieved passages that share most words with it.
"""

import re
from collections.abc import Sequence

from agentstream.retrieval.bm25 import SearchHit, tokenize
from agentstream.retrieval.chunking import Chunk

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__|`")
# Words that ask for "the rules" without saying which: they do not narrow the question.
_GENERIC = frozenset(tokenize("rules policy policies procedure procedures guidelines company"))


def _clean(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", text).split())


def _table_row(cells: list[str], section: str) -> str:
    row = " — ".join(_clean(cell) for cell in cells if cell)
    return f"{section}: {row}." if section else f"{row}."


def _blocks(chunk: Chunk) -> list[tuple[str, str]]:
    """The chunk as ("text" | "item" | "row", content) blocks in reading order."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "text"

    def close() -> None:
        if current:
            blocks.append((kind, _clean(" ".join(current))))
            current.clear()

    lines = [line.strip() for line in chunk.text.splitlines()]
    for index, line in enumerate(lines):
        if not line or line.startswith("#"):
            close()
        elif line.startswith("|"):
            close()
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            following = lines[index + 1] if index + 1 < len(lines) else ""
            is_separator = all(set(cell) <= set("-: ") for cell in cells)
            is_header = following.startswith("|") and set(following) <= set("|-: ")
            if not (is_separator or is_header):
                blocks.append(("row", _table_row(cells, chunk.section)))
        elif _BULLET.match(line):
            close()
            kind = "item"
            current.append(_BULLET.sub("", line))
        else:
            if not current:
                kind = "text"
            current.append(line)
    close()
    return blocks


def statements(chunk: Chunk) -> list[str]:
    """A chunk as self-contained statements: sentences, list items (joined to a lead-in that
    ends with ':'), table rows."""
    found: list[str] = []
    blocks = _blocks(chunk)
    index = 0
    while index < len(blocks):
        kind, text = blocks[index]
        index += 1
        if kind == "text" and text.endswith(":"):
            items = []
            while index < len(blocks) and blocks[index][0] == "item":
                items.append(blocks[index][1].rstrip(";."))
                index += 1
            if items:
                found.append(f"{text} {'; '.join(items)}.")
                continue
        if kind == "text":
            found.extend(s for s in _SENTENCE_END.split(text) if len(s) > 20)
        else:
            found.append(text)
    return found


def _concrete(statement: str) -> int:
    return 1 if any(ch.isdigit() for ch in statement) else 0


def _summary(focus: set[str], chunks: Sequence[Chunk], limit: int) -> list[str]:
    """The opening statement, then the most concrete statement of each section."""
    picked: list[tuple[int, int, str]] = []
    for order, chunk in enumerate(chunks):
        candidates = statements(chunk)
        if not candidates:
            continue
        if order == 0 and not chunk.section:
            picked.append((100, order, candidates[0]))
            continue
        scores = [len(focus & set(tokenize(s))) + _concrete(s) for s in candidates]
        best = scores.index(max(scores))  # the first of the best: sections lead with their rule
        picked.append((scores[best], order, candidates[best]))
    chosen = sorted(picked, key=lambda item: (-item[0], item[1]))[:limit]
    return [statement for _, _, statement in sorted(chosen, key=lambda item: item[1])]


def _passages(focus: set[str], hits: Sequence[SearchHit], limit: int) -> list[tuple[str, str]]:
    """(title, statement) of the retrieved passages that share most words with the question."""
    best_doc = hits[0].chunk.doc_id
    scored: list[tuple[int, int, int, str, str]] = []
    for rank, hit in enumerate(hits):
        # The best document speaks first; another only when it ranks and scores near the top.
        if hit.chunk.doc_id != best_doc and (rank > 1 or hit.score < 0.6 * hits[0].score):
            continue
        for position, statement in enumerate(statements(hit.chunk)):
            overlap = len(focus & set(tokenize(statement)))
            relevance = overlap * 10 + _concrete(statement) - rank
            scored.append((-relevance, rank, position, hit.chunk.title, statement))
    chosen = sorted(sorted(scored)[:limit], key=lambda item: (item[1], item[2]))
    return [(title, statement) for *_, title, statement in chosen]


def compose_document_answer(
    question: str,
    hits: Sequence[SearchHit],
    document_chunks: Sequence[Chunk],
    max_statements: int = 5,
) -> str:
    """A cited answer from the best document (`document_chunks`) and the retrieved `hits`."""
    if not hits:
        return ""
    top = hits[0].chunk
    focus = set(tokenize(question)) - _GENERIC
    about_whole_policy = focus <= set(tokenize(top.title))
    if about_whole_policy and document_chunks:
        cited = [(top.title, s) for s in _summary(focus, document_chunks, max_statements)]
    else:
        cited = _passages(focus, hits, max_statements - 1)
    citation = "; ".join(dict.fromkeys(title for title, _ in cited))
    body = " ".join(statement for _, statement in cited)
    return f"According to the {citation}: {body} [Source: {citation}]"
