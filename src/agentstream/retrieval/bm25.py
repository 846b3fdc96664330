"""BM25 keyword search over chunks, with an index that grows and shrinks document by document.

Scores are Okapi BM25 (k1 = 1.5, b = 0.75, as `rank_bm25.BM25Okapi` computes them) with
Lucene's always-positive idf. The index is inverted (term -> chunks -> frequency), so adding or
removing a document touches only its own terms and a search only the chunks holding a query
term. Analysing a chunk (`analyze`) is the costly part and touches no index: callers run it
off the event loop.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from agentstream.retrieval.chunking import Chunk

# Scores are BM25 divided by the idf of a term found in exactly one chunk, so 1.0 means "as good
# as one occurrence of a distinctive query word" whatever the index size. Below half of that, a
# hit rests only on words most chunks share (such as "policy") and is noise, not evidence.
DEFAULT_MIN_SCORE = 0.5

# fmt: off
STOP_WORDS = frozenset((
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
    "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not",
    "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "own", "same",
    "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "you", "your", "yours", "may", "might", "must", "shall", "us",
))
# Words that shape a question rather than say what it is about ("how *many*", "*tell* me"):
# a passage need not contain them to answer it.
QUESTION_FORM_WORDS = frozenset((
    "many", "much", "often", "long", "soon", "fast", "tell", "show", "list", "give", "know",
    "want", "need", "please", "explain", "describe", "say", "get",
))
# fmt: on
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """Strip plural endings only ("rules" -> "rule", "policies" -> "policy").

    Deliberately light: stemming verbs and "-e" endings would merge unrelated words and
    mangle domain terms such as "overtime".
    """
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lowercase alphanumeric words of `text`, without stop words, lightly stemmed."""
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def title_terms(title: str) -> set[str]:
    """The words of a document title and its acronym ("Service Level Agreement" -> "sla"), which
    people use for the document as often as its name."""
    words = tokenize(title)
    acronym = "".join(word[0] for word in words)
    return {*words, acronym} if len(acronym) >= 3 else set(words)


def _idf(chunk_count: int, chunks_with_term: int) -> float:
    # Lucene's BM25 idf, always positive. Okapi's (rank_bm25's default) turns negative for terms
    # in over half the chunks, so on a one- or two-document index every score would be <= 0.
    return math.log(1 + (chunk_count - chunks_with_term + 0.5) / (chunks_with_term + 0.5))


_K1 = 1.5
_B = 0.75


@dataclass(frozen=True, slots=True)
class AnalyzedChunk:
    """A chunk with the frequency of each of its terms and its length in terms."""

    chunk: Chunk
    frequencies: dict[str, int]
    length: int


def analyze(chunk: Chunk) -> AnalyzedChunk:
    """Tokenize a chunk for the index; its title (with its acronym) and section count as text."""
    tokens = [*title_terms(chunk.title), *tokenize(f"{chunk.section}\n{chunk.text}")]
    return AnalyzedChunk(chunk, dict(Counter(tokens)), len(tokens))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A chunk matching a query: its BM25 score in units of one distinctive-term match, and its
    coverage, the share of the query's information (its words weighted by idf) it contains."""

    chunk: Chunk
    score: float
    coverage: float


@dataclass(frozen=True, slots=True)
class _Entry:
    chunk: Chunk
    length: int
    terms: tuple[str, ...]


class Bm25Index:
    """A BM25 index over chunks, in index order (the order they were added)."""

    def __init__(self, chunks: Iterable[Chunk] = ()) -> None:
        self._entries: dict[int, _Entry] = {}
        self._documents: dict[str, list[int]] = {}
        # term -> {chunk key: frequency}; keys grow with each chunk added, so they keep index order.
        self._postings: dict[str, dict[int, int]] = {}
        self._total_length = 0
        self._next_key = 0
        for chunk in chunks:
            self.add(analyze(chunk))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._documents

    def document_ids(self) -> list[str]:
        """The id of every indexed document, in index order."""
        return list(self._documents)

    def add(self, analyzed: AnalyzedChunk) -> None:
        """Index one chunk after all others (a document's chunks are added in reading order)."""
        key = self._next_key
        self._next_key += 1
        self._entries[key] = _Entry(analyzed.chunk, analyzed.length, tuple(analyzed.frequencies))
        self._documents.setdefault(analyzed.chunk.doc_id, []).append(key)
        for term, frequency in analyzed.frequencies.items():
            self._postings.setdefault(term, {})[key] = frequency
        self._total_length += analyzed.length

    def remove(self, doc_id: str, limit: int | None = None) -> bool:
        """Remove a document's chunks, at most `limit` of them; True once none is left."""
        keys = self._documents.get(doc_id, [])
        count = len(keys) if limit is None else min(limit, len(keys))
        for key in keys[:count]:
            entry = self._entries.pop(key)
            self._total_length -= entry.length
            for term in entry.terms:
                postings = self._postings[term]
                del postings[key]
                if not postings:
                    del self._postings[term]
        del keys[:count]
        if keys:
            return False
        self._documents.pop(doc_id, None)
        return True

    def titles(self) -> list[str]:
        """The title of every indexed document, once each, in index order."""
        return list(
            dict.fromkeys(self._entries[keys[0]].chunk.title for keys in self._documents.values())
        )

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document, in reading order."""
        return [self._entries[key].chunk for key in self._documents.get(doc_id, [])]

    def search(
        self, query: str, k: int = 4, min_score: float = DEFAULT_MIN_SCORE
    ) -> list[SearchHit]:
        """Return up to `k` chunks scoring above `min_score`, best first, ties in index order."""
        words = tokenize(query)
        terms = [term for term in words if term in self._postings]
        if not terms or k <= 0 or self._total_length == 0:
            return []
        count = len(self._entries)
        average_length = self._total_length / count
        scores: dict[int, float] = {}
        # A repeated query word counts each time, as in rank_bm25.
        for term in terms:
            postings = self._postings[term]
            idf = _idf(count, len(postings))
            for key, frequency in postings.items():
                length = self._entries[key].length
                scores[key] = scores.get(key, 0.0) + idf * (
                    frequency
                    * (_K1 + 1)
                    / (frequency + _K1 * (1 - _B + _B * length / average_length))
                )
        unit = _idf(count, 1)
        ranked = sorted(scores, key=lambda key: (-scores[key], key))
        weights = self._information(words)
        hits = []
        for key in ranked[:k]:
            score = scores[key] / unit
            if score > min_score and score > 0:
                hits.append(
                    SearchHit(self._entries[key].chunk, score, self._coverage(weights, key))
                )
        return hits

    def _information(self, words: list[str]) -> dict[str, float]:
        """Each content word of a query with its idf; a word no chunk contains weighs as much
        as one found in a single chunk, since it is as distinctive of what the query asks."""
        count = len(self._entries)
        return {
            word: _idf(count, max(len(self._postings.get(word, ())), 1))
            for word in set(words) - QUESTION_FORM_WORDS
        }

    def _coverage(self, weights: dict[str, float], key: int) -> float:
        total = sum(weights.values())
        found = sum(
            weight for word, weight in weights.items() if key in self._postings.get(word, ())
        )
        return found / total if total else 0.0
