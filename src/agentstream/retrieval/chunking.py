"""Split Markdown documents into citable chunks along `##` sections and paragraphs."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_MAX_CHARS = 1200
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Where an over-long paragraph may be cut: after . ! or ? and whitespace, or at the line
# break before a list item or a table row (lists and tables rarely end lines with a period).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|\|))")
_FENCE_PREFIXES = ("```", "~~~")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage of one document, small enough to quote; `chunk_id` is `<doc_id>#<n>`."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str


def _sections(text: str) -> Iterator[tuple[str, str]]:
    """Yield (heading, body) per `##` section; text before the first one has heading ""."""
    heading, in_fence = "", False
    lines: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith(_FENCE_PREFIXES):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            yield heading, "\n".join(lines)
            heading, lines = line[3:].strip(), []
        elif not in_fence and line.startswith("# ") and not heading and not "".join(lines).strip():
            continue  # the document title; it is carried by Chunk.title instead
        else:
            lines.append(line)
    yield heading, "\n".join(lines)


def _hard_split(text: str, max_chars: int) -> list[str]:
    """Split one over-long sentence at spaces, or anywhere if a word itself is too long."""
    pieces: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:max_chars])
            word = word[max_chars:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


def _pack(units: list[str], max_chars: int) -> list[str]:
    """Greedily concatenate consecutive units (which carry their own separators)."""
    packed: list[str] = []
    current = ""
    for unit in units:
        if len((current + unit).strip()) <= max_chars:
            current += unit
            continue
        if current.strip():
            packed.append(current.strip())
        if len(unit.strip()) <= max_chars:
            current = unit
        else:
            packed.extend(_hard_split(unit, max_chars))
            current = ""
    if current.strip():
        packed.append(current.strip())
    return packed


def _split_at(pattern: re.Pattern[str], text: str) -> list[str]:
    """Split text after each match, keeping the matched separator with the preceding unit."""
    units, start = [], 0
    for match in pattern.finditer(text):
        units.append(text[start : match.end()])
        start = match.end()
    units.append(text[start:])
    return units


def _split_body(body: str, max_chars: int) -> list[str]:
    units: list[str] = []
    for paragraph in _split_at(_PARAGRAPH_BREAK, body):
        if len(paragraph.strip()) <= max_chars:
            units.append(paragraph)
        else:  # only a paragraph that cannot fit on its own is cut, at sentence boundaries
            units.extend(_split_at(_SENTENCE_END, paragraph))
    return _pack(units, max_chars)


def chunk_markdown(
    doc_id: str, title: str, text: str, max_chars: int = DEFAULT_MAX_CHARS
) -> list[Chunk]:
    """Chunk a Markdown document by `##` section, then by paragraph, then by sentence.

    Chunks are numbered from 1 in document order; each holds at most `max_chars` characters.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    chunks: list[Chunk] = []
    for section, body in _sections(text):
        for piece in _split_body(body, max_chars):
            chunk_id = f"{doc_id}#{len(chunks) + 1}"
            chunks.append(Chunk(chunk_id, doc_id, title, section, piece))
    return chunks
