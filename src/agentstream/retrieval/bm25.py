"""BM25 keyword search over chunks, a typed wrapper around `rank_bm25.BM25Okapi`."""

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

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


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A chunk matching a query: its BM25 score in units of one distinctive-term match, and its
    coverage, the share of the query's information (its words weighted by idf) it contains."""

    chunk: Chunk
    score: float
    coverage: float


class Bm25Index:
    """An immutable BM25 index over chunks; the title (with its acronym) and section count as
    chunk text."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._chunks = tuple(chunks)
        corpus = [
            [*title_terms(c.title), *tokenize(f"{c.section}\n{c.text}")] for c in self._chunks
        ]
        self._terms = [frozenset(tokens) for tokens in corpus]
        self._document_frequency = Counter(term for terms in self._terms for term in terms)
        self._bm25: BM25Okapi | None = None
        self._unit = 1.0
        if any(corpus):  # rank_bm25 divides by zero on an empty corpus
            self._bm25 = BM25Okapi(corpus)
            self._bm25.idf = {
                term: _idf(len(corpus), n) for term, n in self._document_frequency.items()
            }
            self._unit = _idf(len(corpus), 1)

    def __len__(self) -> int:
        return len(self._chunks)

    def titles(self) -> list[str]:
        """The title of every indexed document, once each, in index order."""
        return list(dict.fromkeys(chunk.title for chunk in self._chunks))

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document, in reading order."""
        return [chunk for chunk in self._chunks if chunk.doc_id == doc_id]

    def search(
        self, query: str, k: int = 4, min_score: float = DEFAULT_MIN_SCORE
    ) -> list[SearchHit]:
        """Return up to `k` chunks scoring above `min_score`, best first, ties in index order."""
        words = tokenize(query)
        terms = [term for term in words if term in self._document_frequency]
        if self._bm25 is None or not terms or k <= 0:
            return []
        scores = [float(score) / self._unit for score in self._bm25.get_scores(terms)]
        ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        weights = self._information(words)
        return [
            SearchHit(self._chunks[i], scores[i], self._coverage(weights, self._terms[i]))
            for i in ranked[:k]
            if scores[i] > min_score and scores[i] > 0
        ]

    def _information(self, words: list[str]) -> dict[str, float]:
        """Each content word of a query with its idf; a word no chunk contains weighs as much
        as one found in a single chunk, since it is as distinctive of what the query asks."""
        count = len(self._chunks)
        return {
            word: _idf(count, max(self._document_frequency[word], 1))
            for word in set(words) - QUESTION_FORM_WORDS
        }

    @staticmethod
    def _coverage(weights: dict[str, float], terms: frozenset[str]) -> float:
        total = sum(weights.values())
        found = sum(weight for word, weight in weights.items() if word in terms)
        return found / total if total else 0.0
