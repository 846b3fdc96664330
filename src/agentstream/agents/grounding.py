"""Grounded answers composed from policy passages, citing the documents they come from.

A question about a whole policy ("What are the overtime rules?") gets a summary: the most
concrete statement of each section of the best document. A specific question gets the
statements of the retrieved passages that share most words with it.
"""

import math
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agentstream.agents.bounds import (
    apply_figures,
    asks_if_allowed,
    limits_own_figures,
    meets_a_bound,
)
from agentstream.agents.clauses import (
    GENERIC_RULE_WORDS,
    QUANTITY,
    in_policy_words,
    names_whom,
    whom_it_happened_to,
)
from agentstream.agents.clock import calendar_dates, clock_times_of, work_out_times
from agentstream.agents.multiples import work_out_pay
from agentstream.agents.rates import in_all, work_out_rates
from agentstream.agents.stated import stated_figures
from agentstream.agents.steps import work_out_steps
from agentstream.retrieval.bm25 import (
    QUESTION_FORM_WORDS,
    SearchHit,
    names_the_same,
    title_terms,
    tokenize,
)
from agentstream.retrieval.chunking import CODE_FENCES, Chunk

_CODE_WORDS = "code command commands script"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
# A list item that defines one of several kinds: "**High:** a major system is degraded …".
_TERM = re.compile(r"^\*\*([^*]+?):\*\*\s")
_EMPHASIS = re.compile(r"\*\*|__|`")
# "how often do I need a lockout/tagout refresher?" asks for a frequency: the statement that
# gives one for its words ("refreshers are due every 12 months") answers it, not the section
# headed with them
_ASKS_HOW_OFTEN = re.compile(r"\bhow\s+(?:often|frequently|regularly)\b", re.IGNORECASE)
# "who do we escalate to?" asks for a person: a table's column of them answers it
_ASKS_WHO = re.compile(r"^\W*who\b|\bwho\s+(?:do|does|did|should|must|is|are|can|to)\b|\bwhom\b",
                       re.IGNORECASE)  # fmt: skip
_PERSON_COLUMNS = frozenset(("owner", "who", "responsible", "approver", "contact", "approves"))
_UNIT = (
    r"(?:day|week|month|year|quarter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
)
_STATES_FREQUENCY = re.compile(
    rf"\b(?:every|each)\s+(?:\d+\s+|other\s+)?{_UNIT}\b"
    rf"|\b(?:daily|weekly|monthly|quarterly|annually|yearly)\b"
    rf"|\b(?:once|twice)\s+(?:a|per|every)\s+{_UNIT}\b",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", text).split())


@dataclass(frozen=True)
class Statement:
    """A self-contained statement of a chunk; a table row also knows its row key (the first
    cell) and its column headers, so that a question naming both finds its cell."""

    text: str
    key: frozenset[str] = frozenset()
    columns: frozenset[str] = frozenset()

    def is_cell_of(self, focus: set[str]) -> bool:
        """Whether the question names this row and one of its columns ("the *response* time
        for *urgent* tickets"): the row answers it directly."""
        return bool(focus & self.key) and bool(focus & self.columns)


def _table_row(cells: list[str], header: list[str], section: str) -> Statement:
    """A row as "Section: Key column: key — Column: value; Column: value."; a cell without a
    header is given as is. The key's column names what the key is ("Priority: High"), which a
    question may say ("the response time for a high priority ticket")."""
    cells = [_clean(cell) for cell in cells]
    labels = [_clean(label) for label in header] if len(header) == len(cells) else []
    labelled = [
        f"{labels[index]}: {cell}" if labels and labels[index] else cell
        for index, cell in enumerate(cells)
    ]
    values = [value for value, cell in zip(labelled[1:], cells[1:], strict=True) if cell]
    row = " — ".join(part for part in (labelled[0] if cells[0] else "", "; ".join(values)) if part)
    return Statement(
        f"{section}: {row}." if section else f"{row}.",
        key=frozenset(tokenize(cells[0])),
        columns=frozenset(tokenize(" ".join(labels[1:]))),
    )


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _is_separator(line: str) -> bool:
    return line.startswith("|") and set(line) <= set("|-: ")


def _blocks(chunk: Chunk) -> list[tuple[str, str | Statement]]:
    """The chunk as ("text" | "item", content) and ("row" | "code", Statement) blocks in
    reading order; a code block keeps its lines as they are."""
    blocks: list[tuple[str, str | Statement]] = []
    current: list[str] = []
    kind = "text"
    header: list[str] = []
    code: list[str] | None = None

    def close() -> None:
        if current:
            blocks.append((kind, _clean(" ".join(current))))
            current.clear()

    for index, raw in enumerate(lines := chunk.text.splitlines()):
        line = raw.strip()
        if line.startswith(CODE_FENCES):
            close()
            if code is None:
                code = []
            else:
                blocks.append(("code", Statement(_fenced(code))))
                code = None
            continue
        if code is not None:
            code.append(raw.rstrip())
            continue
        if not line or line.startswith("#"):
            close()
            header = []
        elif line.startswith("|"):
            close()
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if _is_separator(following):
                header = _cells(line)  # the header row names the columns of the rows below
            elif not _is_separator(line):
                blocks.append(("row", _table_row(_cells(line), header, chunk.section)))
        elif _BULLET.match(line):
            close()
            item = _BULLET.sub("", line)
            kind = "term" if _TERM.match(item) else "item"
            current.append(item)
        else:
            if not current:
                kind = "text"
            current.append(line)
    close()
    if code:  # a block the chunk cut before its closing fence
        blocks.append(("code", Statement(_fenced(code))))
    return blocks


def _fenced(lines: list[str]) -> str:
    """Code lines as a Markdown code block of their own, common indentation removed."""
    body = textwrap.dedent("\n".join(lines)).strip("\n")
    return f"\n\n```\n{body}\n```\n\n"


def chunk_statements(chunk: Chunk) -> list[Statement]:
    """A chunk as self-contained statements: sentences, list items (joined to a lead-in that
    ends with ':'), table rows with their column headers."""
    found: list[Statement] = []
    blocks = _blocks(chunk)
    index = 0
    while index < len(blocks):
        kind, block = blocks[index]
        index += 1
        if isinstance(block, Statement):
            found.append(block)
            continue
        if kind == "text" and block.endswith(":"):
            items = []
            while index < len(blocks) and blocks[index][0] == "item":
                items.append(str(blocks[index][1]).rstrip(";."))
                index += 1
            if items:
                found.append(Statement(f"{block} {'; '.join(items)}."))
                continue
        if kind == "term":
            # each kind a list defines stands alone, named by its term, as a table's row
            term, _, _ = block.partition(":")
            found.append(Statement(block, key=frozenset(tokenize(term))))
            continue
        if kind == "text":
            found.extend(Statement(s) for s in _SENTENCE_END.split(block) if len(s) > 20)
        else:
            found.append(Statement(block))
    return found


def statements(chunk: Chunk) -> list[str]:
    """The text of each of the chunk's statements (see `chunk_statements`)."""
    return [statement.text for statement in chunk_statements(chunk)]


def _concrete(statement: str) -> int:
    return 1 if any(ch.isdigit() for ch in statement) else 0


def _summary(focus: set[str], chunks: Sequence[Chunk], limit: int) -> list[tuple[Chunk, str]]:
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
    return [
        (chunks[order], statement) for _, order, statement in sorted(chosen, key=lambda i: i[1])
    ]


@dataclass(frozen=True)
class _Candidate:
    """A statement that may be quoted, where it stands and the question words it holds."""

    rank: int  # of its chunk among the retrieved passages (the best document's others last)
    order: tuple[int, int]  # its chunk's place in its document, its place in the chunk
    chunk: Chunk
    statement: Statement
    own: frozenset[str]  # question words its text holds
    heading: frozenset[str]  # question words its section heading holds


def _matched(focus: set[str], text: str) -> frozenset[str]:
    """The question words `text` holds, in any of their forms ("complains": "complaint")."""
    words = set(tokenize(text))
    return frozenset(f for f in focus if any(names_the_same(f, word) for word in words))


def _candidates(
    focus: set[str], hits: Sequence[SearchHit], document_chunks: Sequence[Chunk]
) -> list[_Candidate]:
    """The statements of the retrieved passages and of the best document's other chunks; a
    passage of another document only when it ranks and scores near the top."""
    best_doc = hits[0].chunk.doc_id
    retrieved = {hit.chunk.chunk_id for hit in hits}
    chunks = [(rank, hit.chunk) for rank, hit in enumerate(hits)]
    chunks += [
        (len(hits), chunk)
        for chunk in document_chunks
        if chunk.doc_id == best_doc and chunk.chunk_id not in retrieved
    ]
    place = {chunk.chunk_id: index for index, chunk in enumerate(document_chunks)}
    found = []
    for rank, chunk in chunks:
        if chunk.doc_id != best_doc and (rank > 1 or hits[rank].score < 0.6 * hits[0].score):
            continue
        for position, statement in enumerate(chunk_statements(chunk)):
            order = (place.get(chunk.chunk_id, len(place) + rank), position)
            # a table row repeats its section's heading: that is the heading's word, not its own
            own = _matched(focus, statement.text.removeprefix(f"{chunk.section}:"))
            # a code block is named by what it is, as a heading names its section
            kind = _CODE_WORDS if statement.text.lstrip().startswith(CODE_FENCES) else ""
            heading = _matched(focus, f"{chunk.section} {kind}")
            found.append(_Candidate(rank, order, chunk, statement, own, heading))
    return found


def _passages(
    focus: set[str],
    hits: Sequence[SearchHit],
    document_chunks: Sequence[Chunk],
    limit: int,
    of_the_case: Callable[[str], int] = lambda _: 0,
    decides: Callable[[str], bool] = lambda _: False,
    asks_how_often: bool = False,
    asks_who: bool = False,
) -> list[tuple[Chunk, str]]:
    """(chunk, statement) of what answers the question, in reading order.

    The statement holding most of the question's information (its words weighted by how few
    statements hold them, a section heading counting for its statements) picks the section
    that answers; a table row the question names directly ("the *response* time for *urgent*
    tickets") comes first, as does one whose bound the asker's figure meets ("property damage
    over $5,000" for "about 7k worth"). Its section's statements that hold a question word are
    quoted; a
    statement of another section only when it scores as high and holds a question word the
    quoted ones lack, up to `limit` statements in all.
    """
    candidates = _candidates(focus, hits, document_chunks)
    if not candidates:
        return []
    holding = Counter(word for c in candidates for word in c.own | c.heading)
    weight = {word: math.log(1 + len(candidates) / (1 + holding[word])) for word in focus}

    # A table row the question names by its row and its column holds the figure asked for:
    # it counts as holding one more distinctive word.
    cell = max(weight.values(), default=0.0)

    # the statements whose bounds the asker's figures meet, read once
    met = {id(c): strength for c in candidates if (strength := of_the_case(c.statement.text))}

    def meets(c: _Candidate) -> bool:
        return id(c) in met

    def said_of(c: _Candidate) -> float:
        return sum(weight[word] for word in c.own | c.heading)

    # the frequency said of most of the question: one said of less is how often something
    # else happens ("escalations are reviewed every week" for the overtime report)
    frequencies = [
        c for c in candidates if asks_how_often and _STATES_FREQUENCY.search(c.statement.text)
    ]
    most_said = max(map(said_of, frequencies), default=0.0)
    most_frequent = {id(c) for c in frequencies if most_said > 0 and said_of(c) == most_said}

    def gives_frequency(c: _Candidate) -> bool:
        return id(c) in most_frequent

    def whom_said(c: _Candidate) -> float:
        # what a row of a column of people says of the question in its own cells
        if not asks_who or not c.statement.columns & _PERSON_COLUMNS:
            return 0.0
        columns = c.statement.columns
        return sum(
            weight[word]
            for word in c.own
            if not any(names_the_same(word, column) for column in columns)
        )

    most_whom = max(map(whom_said, candidates), default=0.0)

    def names_whom(c: _Candidate) -> bool:
        # the row of people whose own cells say most of the question
        return most_whom > 0 and whom_said(c) == most_whom

    def score(c: _Candidate) -> float:
        named = cell * max(
            met.get(id(c), 0), c.statement.is_cell_of(focus), gives_frequency(c), names_whom(c)
        )
        # A section headed with a word of the question is about it; another section may name
        # it in passing ("call-outs approved by the on-call manager" under Limits).
        headed = sum(weight[word] for word in c.heading)
        return named + headed + said_of(c)

    def best_first(c: _Candidate) -> tuple[float, int, int, int, tuple[int, int]]:
        # on a tie: the section titled with its words, the passage retrieved first, a figure
        return (
            -score(c),
            -len(c.heading),
            c.rank,
            -_concrete(c.statement.text),
            c.order,
        )

    ranked = sorted(candidates, key=best_first)
    # a limit on what the asker counts answers whether their figure is allowed, whatever
    # else another statement shares with their words
    top = next((c for c in ranked if decides(c.statement.text)), ranked[0])
    # the table rows the question names best ("urgent", "hours over 10 … emergency") answer
    # it; the table's other rows do not

    def row_named(c: _Candidate) -> float:
        # in any of its forms: "the averaging limit" names the "Averaged hours" row
        key = c.statement.key
        return sum(
            weight[word] for word in focus if any(names_the_same(word, term) for term in key)
        )

    # the row that answers is named as well as any: the rows named less are the other rows
    named = (
        row_named(top)
        if top.statement.key
        else max(
            (row_named(c) for c in candidates if c.chunk.chunk_id == top.chunk.chunk_id),
            default=0,
        )
    )

    # the rows whose bounds the asker's figure meets ("property damage over $5,000" for "7k
    # worth") are the asker's case; the table's other rows are not
    by_figure = any(
        meets(c) for c in candidates if c.chunk.chunk_id == top.chunk.chunk_id and c.statement.key
    )

    # with no row named, the rows that say something of the question ("one of two chillers
    # down" for a chiller that is down) are the asker's case; the table's rows that say nothing
    # of it are not, when one does
    said = any(
        c.own for c in candidates if c.chunk.chunk_id == top.chunk.chunk_id and c.statement.key
    )

    def other_row(c: _Candidate) -> bool:
        if not c.statement.key:
            return False
        if by_figure:
            return not meets(c)
        if gives_frequency(top):
            return not gives_frequency(c)  # how often something else happens
        if names_whom(top):
            return not names_whom(c)  # whom another case goes to
        return row_named(c) < named if named > 0 else said and not c.own

    # the answering passage is quoted whole but for what shares nothing with the question
    chosen = [
        c
        for c in ranked
        if c.chunk.chunk_id == top.chunk.chunk_id
        and (c.own or c.heading or c is top)
        and not other_row(c)
    ]
    covered = set().union(*(c.own | c.heading for c in chosen))
    for c in ranked:
        if len(chosen) >= limit or score(c) < score(top):
            break
        if c.chunk.chunk_id != top.chunk.chunk_id and (c.own | c.heading) - covered:
            chosen.append(c)
            covered |= c.own | c.heading
    chosen.sort(key=lambda c: (c.chunk.doc_id != top.chunk.doc_id, c.order))
    return [(c.chunk, c.statement.text) for c in chosen]


@dataclass(frozen=True)
class DocumentAnswer:
    """A cited answer and the chunks it quotes (its sources: exactly the sections quoted)."""

    text: str
    cited: tuple[Chunk, ...] = ()


def _citation(cited: Sequence[Chunk]) -> str:
    """ "Overtime Policy (Overtime rates; Limits)": each document with the sections quoted."""
    sections: dict[str, list[str]] = {}
    for chunk in cited:
        named = sections.setdefault(chunk.title, [])
        if chunk.section and chunk.section not in named:
            named.append(chunk.section)
    return "; ".join(
        f"{title} ({'; '.join(named)})" if named else title for title, named in sections.items()
    )


# Words that ask for an upper bound, which policies state under "limits".
_ASKS_LIMIT = frozenset(tokenize("max maximum most cap"))


def compose_document_answer(
    question: str,
    hits: Sequence[SearchHit],
    document_chunks: Sequence[Chunk],
    max_statements: int = 5,
) -> DocumentAnswer:
    """A cited answer from the best document (`document_chunks`) and the retrieved `hits`."""
    if not hits:
        return DocumentAnswer("")
    # the passages that speak of whom the asker's case happened to, only
    happened = whom_it_happened_to(question)
    document_chunks = [c for c in document_chunks if names_whom(happened, c.text)]
    top = hits[0].chunk
    asked = set(tokenize(QUANTITY.sub("", in_policy_words(question))))
    focus = asked - GENERIC_RULE_WORDS - QUESTION_FORM_WORDS
    if asked & _ASKS_LIMIT:
        focus.add("limit")  # "max overtime hrs per week": what the Limits section states
    about_whole_policy = focus <= title_terms(top.title)
    if about_whole_policy and document_chunks:
        cited = _summary(focus, document_chunks, max_statements)
    else:
        cited = _passages(
            focus,
            hits,
            document_chunks,
            max_statements - 1,
            _of_the_case(question),
            lambda statement: limits_own_figures(question, [statement]),
            bool(_ASKS_HOW_OFTEN.search(question)),
            bool(_ASKS_WHO.search(question)),
        )
    chunks = tuple({chunk.chunk_id: chunk for chunk, _ in cited}.values())
    titles = "; ".join(dict.fromkeys(chunk.title for chunk in chunks))
    # a code block stands on its lines, between the sentences around it
    body = re.sub(r" ?\n\n ?", "\n\n", " ".join(statement for _, statement in cited)).strip()
    answer = f"According to the {titles}: {body} [Source: {_citation(chunks)}]"
    return DocumentAnswer(_with_figures(question, [s for _, s in cited], answer), chunks)


def _of_the_case(question: str) -> Callable[[str], int]:
    """How firmly a statement speaks of the asker's case by their figures: 2 for a range
    their figure is in ("property damage over $5,000" for "about 7k worth", "4 or more
    consecutive days" for 5 days off), which says which case of a rule is theirs; 1 for a
    bound on what it counts either side ("up to 5 unused vacation days" for 5 days off) or a
    rate per what they count ("$25 per day" for "6 nights on the on-call rota"); else 0."""
    stated = stated_figures(question)
    if_allowed = asks_if_allowed(question)

    def speaks(statement: str) -> int:
        if not if_allowed and meets_a_bound(stated, statement, holding=True):
            return 2
        return int(
            meets_a_bound(stated, statement, if_allowed)
            or bool(work_out_rates(question, [statement]))
        )

    return speaks


def _with_figures(question: str, quoted: Sequence[str], answer: str) -> str:
    """The answer with the rates it quotes worked out for the asker's counts and the asker's
    own figures checked against the bounds it quotes, first, and the figures it could not
    check named after it: a rule quoted to someone who gave their figures is never passed off
    as worked out for them."""
    # whether their figures are allowed is answered by the limits, not by what a rate pays
    worked = [] if asks_if_allowed(question) else work_out_rates(question, quoted)
    paid = [] if asks_if_allowed(question) else work_out_pay(question, quoted)
    served = work_out_steps(question, quoted)
    lead = [s.sentence for s in served] + [p.sentence for p in paid] + [w.sentence for w in worked]
    total = in_all(question, worked, quoted)
    if total:
        lead.append(total)
    applied = apply_figures(question, quoted, worked_out=" ".join(lead))
    times = work_out_times(question, quoted)
    lead += times + list(applied.comparisons)
    if lead:
        said = "; ".join(lead)
        answer = f"{said[0].upper()}{said[1:]}. {answer}"
    # a figure a sum was worked out of ("19% of your $8,000 a month", "3 urgent response
    # targets", "base rate is $40") was applied
    applied_in = " ".join([*(w.count for w in worked), total, *(u for p in paid for u in p.used),
                           *(s.years for s in served)])  # fmt: skip
    unchecked = [f for f in applied.unchecked if f not in applied_in]
    unchecked += calendar_dates(question) + ([] if times else clock_times_of(question))
    if unchecked:
        figures = " and ".join(unchecked)
        answer = f"{answer} I have not applied your {figures} to these rules myself."
    return answer
