"""Split Markdown documents into citable chunks along `##` sections and paragraphs."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_MAX_CHARS = 1200
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Where an over-long paragraph may be cut: after . ! or ? and whitespace, or at the line
# break before a list item or a table row (lists and tables rarely end lines with a period).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|\|))")
CODE_FENCES = ("```", "~~~")


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
        if line.lstrip().startswith(CODE_FENCES):
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


def _is_fence(line: str) -> bool:
    return line.lstrip().startswith(CODE_FENCES)


def _paragraphs(body: str) -> list[str]:
    """Paragraphs with their separators; a code block's blank lines do not end one."""
    paragraphs: list[str] = []
    open_fence = False
    for paragraph in _split_at(_PARAGRAPH_BREAK, body):
        if open_fence:
            paragraphs[-1] += paragraph
        else:
            paragraphs.append(paragraph)
        fences = sum(_is_fence(line) for line in paragraph.splitlines())
        open_fence ^= fences % 2 == 1
    return paragraphs


def _split_code(block: str, max_chars: int) -> list[str]:
    """An over-long code block cut between its lines, each piece fenced again, so that every
    chunk's code reads as code."""
    lines = block.strip("\n").split("\n")
    opening, inner = lines[0], lines[1:]
    closing = inner.pop() if inner and _is_fence(inner[-1]) else opening.strip()[:3]
    room = max_chars - len(opening) - len(closing) - 2
    pieces: list[list[str]] = [[]]
    for line in inner:
        if pieces[-1] and len("\n".join([*pieces[-1], line])) > room:
            pieces.append([])
        pieces[-1].append(line)
    return ["\n".join([opening, *piece, closing]) + "\n\n" for piece in pieces]


def _split_paragraph(paragraph: str, max_chars: int) -> list[str]:
    """A paragraph too long for a chunk, cut at sentence boundaries; its code blocks between
    their lines."""
    units: list[str] = []
    text: list[str] = []
    code: list[str] | None = None
    for line in paragraph.splitlines(keepends=True):
        if code is None and not _is_fence(line):
            text.append(line)
        elif code is None:
            units.extend(_split_at(_SENTENCE_END, "".join(text)) if text else [])
            text, code = [], [line]
        else:
            code.append(line)
            if _is_fence(line):
                units.extend(_split_code("".join(code), max_chars))
                code = None
    if code is not None:
        units.extend(_split_code("".join(code), max_chars))
    if text:
        units.extend(_split_at(_SENTENCE_END, "".join(text)))
    return units


def _split_body(body: str, max_chars: int) -> list[str]:
    units: list[str] = []
    for paragraph in _paragraphs(body):
        if len(paragraph.strip()) <= max_chars:
            units.append(paragraph)
        else:  # only a paragraph that cannot fit on its own is cut
            units.extend(_split_paragraph(paragraph, max_chars))
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
