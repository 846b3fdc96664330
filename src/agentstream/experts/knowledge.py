"""An expert's knowledge: its documents' leanings (front matter) and their searchable passages.

A knowledge document is Markdown that may open with a front matter block of `key: value`
lines between two `---` lines. Each `topic:` line starts a topic; the lines after it describe
it, for example::

    ---
    topic: the 510(k) pathway
    keywords: 510(k), predicate, substantial equivalence
    leaning: support 0.80
    claim: A 510(k) against a well-chosen predicate is the fastest sound route to market.
    ---

`topic` is a noun phrase ("I support the 510(k) pathway"), `keywords` are phrases of the
proposals the topic is about, `leaning` is the expert's default stance on such a proposal and
its confidence, `claim` is the one-sentence reason. A topic missing a well-formed `leaning`
is ignored; unknown keys are ignored, so tenant documents never fail to load.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from agentstream.agents.grounding import statements
from agentstream.panels.turns import ExpertProfile, Stance
from agentstream.retrieval.bm25 import Bm25Index, tokenize
from agentstream.retrieval.chunking import Chunk, chunk_markdown

_FENCE = "---"
_LEANING = re.compile(r"^(support|oppose|neutral)\s+(0(?:\.\d+)?|1(?:\.0+)?)$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^([a-z_]+)\s*:\s*(.*)$", re.IGNORECASE)
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
_MIN_TERMS = 5


@dataclass(frozen=True, slots=True)
class Topic:
    """A kind of proposal an expert has a default view on, from its document's front matter."""

    name: str
    keywords: tuple[tuple[str, ...], ...]  # each keyword phrase as its tokens
    stance: Stance
    confidence: float
    claim: str

    def match_score(self, query_terms: set[str]) -> int:
        """How specifically the query names this topic: the tokens of every keyword phrase
        whose tokens all occur in the query."""
        return sum(len(phrase) for phrase in self.keywords if set(phrase) <= query_terms)


def split_front_matter(markdown: str) -> tuple[list[str], str]:
    """The front matter lines (empty when there is none) and the Markdown body after them."""
    lines = markdown.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != _FENCE:
        return [], markdown
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            return lines[1:index], "\n".join(lines[index + 1 :]).lstrip("\n")
    return [], markdown  # an unclosed block is body text, not front matter


def knowledge_body(markdown: str) -> str:
    """The Markdown of a knowledge document without its front matter (for model prompts)."""
    return split_front_matter(markdown)[1]


def parse_topics(front_matter: list[str]) -> tuple[Topic, ...]:
    """The well-formed topics of a front matter block, in order."""
    raw: list[dict[str, str]] = []
    for line in front_matter:
        match = _KEY_VALUE.match(line.strip())
        if match is None:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "topic":
            raw.append({"topic": value})
        elif raw:
            raw[-1][key] = value
    topics: list[Topic] = []
    for fields in raw:
        leaning = _LEANING.match(fields.get("leaning", "").strip())
        keywords = tuple(
            tuple(tokens)
            for phrase in fields.get("keywords", "").split(",")
            if (tokens := tokenize(phrase))
        )
        if leaning is None or not fields["topic"] or not keywords:
            continue
        topics.append(
            Topic(
                name=fields["topic"],
                keywords=keywords,
                stance=Stance(leaning.group(1).lower()),
                confidence=round(float(leaning.group(2)), 2),
                claim=fields.get("claim", ""),
            )
        )
    return tuple(topics)


@dataclass(frozen=True, slots=True)
class ExpertKnowledge:
    """One expert's topics and the BM25 index over its own documents' passages."""

    topics: tuple[Topic, ...]
    chunks: tuple[Chunk, ...]
    index: Bm25Index
    vocabulary: frozenset[str]  # every token of the expert's passages

    @property
    def titles(self) -> tuple[str, ...]:
        """The titles of the expert's documents, in order."""
        return tuple(dict.fromkeys(chunk.title for chunk in self.chunks))

    def best_topic(self, query: str) -> Topic | None:
        """The topic the query names most specifically (earliest on ties); None if none."""
        terms = set(tokenize(query))
        best: Topic | None = None
        best_score = 0
        for topic in self.topics:
            score = topic.match_score(terms)
            if score > best_score:
                best, best_score = topic, score
        return best

    def statements_for(
        self, query: str, topic: Topic | None = None, limit: int = 6, stay_on_topic: bool = True
    ) -> list[str]:
        """Up to `limit` statements of the passages most relevant to the query, best first.

        A statement must share a word with the query or the topic's keywords and carry at least
        five words of content. It ranks by the words it shares with them, then
        by the figures it adds (numbers the query does not already name). Passages take turns,
        so the best statements of different passages come before a passage's second best. With
        `stay_on_topic`, a statement about another of the expert's topics is left out.
        """
        focus = " ".join(" ".join(phrase) for phrase in topic.keywords) if topic else ""
        wanted = set(tokenize(f"{query} {focus}"))
        hits = self.index.search(f"{query} {focus}", k=4)
        scored: list[tuple[int, int, int, str]] = []
        for rank, hit in enumerate(hits):
            ranked = []
            for position, statement in enumerate(statements(hit.chunk)):
                terms = tokenize(statement)
                if len(terms) < _MIN_TERMS or not wanted.intersection(terms):
                    continue  # too short to stand alone, or about something else
                figures = {term for term in terms if term.isdigit()} - wanted
                relevance = len(wanted & set(terms)) * 10 + min(len(figures), 2) * 5
                ranked.append((-relevance, position, statement))
            on_topic = [
                item
                for item in sorted(ranked)
                if not (stay_on_topic and self._about_other(item[2], topic))
            ]
            for turn, (negative, position, statement) in enumerate(on_topic):
                scored.append((turn, negative, rank * 100 + position, statement))
        ordered = [statement for *_, statement in sorted(scored)]
        return list(dict.fromkeys(ordered))[:limit]

    def _about_other(self, statement: str, topic: Topic | None) -> bool:
        """Whether the statement names another topic more specifically than `topic`."""
        if topic is None:
            return False
        terms = set(tokenize(statement))
        own = topic.match_score(terms)
        return any(other.match_score(terms) > own for other in self.topics if other != topic)


def _title(body: str, default: str) -> str:
    match = _HEADING.search(body)
    return match.group(1).strip() if match else default


@lru_cache(maxsize=256)
def _build(agent_id: str, documents: tuple[str, ...]) -> ExpertKnowledge:
    topics: list[Topic] = []
    chunks: list[Chunk] = []
    for number, markdown in enumerate(documents, start=1):
        front_matter, body = split_front_matter(markdown)
        topics.extend(parse_topics(front_matter))
        doc_id = f"{agent_id}/{number}"
        chunks.extend(chunk_markdown(doc_id, _title(body, doc_id), body))
    vocabulary = frozenset(term for chunk in chunks for term in tokenize(chunk.text))
    return ExpertKnowledge(tuple(topics), tuple(chunks), Bm25Index(chunks), vocabulary)


def knowledge_of(expert: ExpertProfile) -> ExpertKnowledge:
    """The parsed and indexed knowledge of an expert (cached by its documents)."""
    return _build(expert.agent_id, expert.knowledge)
