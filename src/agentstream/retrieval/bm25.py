"""BM25 keyword search over chunks, with an index that grows and shrinks document by document.

Scores are Okapi BM25 (k1 = 1.5, b = 0.75, as `rank_bm25.BM25Okapi` computes them) with
Lucene's always-positive idf. The index is inverted (term -> chunks -> frequency), so adding or
removing a document touches only its own terms and a search only the chunks holding a query
term. Analysing a chunk (`analyze`) is the costly part and touches no index: callers run it
off the event loop.
"""

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

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
# Words that shape a question rather than say what it is about ("how *many*", "*tell* me",
# "the *minimum* rest", which a policy writes "at least", "how *far ahead*" or "how far in
# *advance*" or "how *early*", which it writes "in advance" or "weeks ahead", "is it *ok* to"):
# a passage need not contain them.
QUESTION_FORM_WORDS = frozenset((
    "many", "much", "often", "long", "soon", "fast", "tell", "show", "list", "give", "know",
    "want", "need", "please", "explain", "describe", "say", "get", "minimum", "maximum", "max",
    "far", "advance", "early", "ok", "okay",
    "ahead",
    # "per" of "and per day?" or "meals and per diem" names no topic
    "per",
    # "im sick": "I'm" typed without its apostrophe
    "im",
    # the asker and the people around them ("share a lock with my coworker"), not the topic
    "myself", "yourself", "coworker", "coworkers", "colleague", "colleagues", "mate", "buddy",
    # what is left of a contraction ("what's", "don't", "we'll", "they're", "I've", "I'd")
    "s", "t", "ll", "re", "ve", "d", "m",
))
# fmt: on
# Words asking whether something is permitted: what a question asks of its topic, which a
# policy may put as "up to" or "no more than", not the topic itself.
_PERMISSION_WORDS = frozenset(("allowed", "allow", "permitted", "permit"))
_WORD = re.compile(r"[a-z0-9]+")
# Phrases people use for what policies write otherwise; a question and a document are read
# alike, so one that writes "annual leave" still matches one that writes "vacation".
_AS_POLICIES_WRITE = (
    # names people give vacation ("unused holiday days"; public holidays are "public holidays")
    (
        re.compile(
            r"\b(?:annual leave|paid time off|pto|holiday (?:entitlement|allowance|days?)"
            r"|days? of holiday)\b"
        ),
        "vacation",
    ),
    # "who signs off overtime": approval
    (re.compile(r"\b(?:sign|signs|signed|signing) off\b|\bsign-off\b"), "approve"),
    # "if my van breaks down": a breakdown
    (re.compile(r"\b(?:break|breaks|broke|broken|breaking) down\b"), "breakdown"),
    # "do I need a doctor's note?": the certificate policies ask for
    (re.compile(r"\b(?:doctor'?s?|sick|medical|gp'?s?) notes?\b"), "doctor certificate"),
    # the gases and procedures by their abbreviations ("max CO level", "LOTO")
    (re.compile(r"\bco\b(?!-)"), "carbon monoxide"),
    (re.compile(r"\bh2s\b"), "hydrogen sulphide"),
    (re.compile(r"\bloto\b"), "lockout tagout"),
)


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


# Forms of one word share a stem of at least this many letters ("complain", "complaint")...
_VARIANT_STEM = 5
# A shorter word is compared only with its own "-ing" and "-ed" forms...
_SHORT_WORD = 4
# ... or, from this length, with those that double its last letter ("cap", "capped").
_DOUBLING_WORD = 3


def _doubled(word: str) -> tuple[str, ...]:
    """ "capped", "capping" of "cap": the "-ed" and "-ing" forms that double a final consonant."""
    if word[-1] in "aeiouwxy":
        return ()
    return (f"{word}{word[-1]}ed", f"{word}{word[-1]}ing")


# ... past which the shorter has a short ending and the longer a suffix ("refuse", "refusal";
# not "overtime", "overtake").
_SHORT_ENDING = 2
_LONG_ENDING = 4


# Abbreviations and casual forms people type, as policies spell them ("max overtime hrs a tech
# can work", "a full-timer").
_SPELLED_OUT = {
    "hrs": "hours",
    "hr": "hour",
    "yrs": "years",
    "yr": "year",
    "wks": "weeks",
    "wk": "week",
    "mins": "minutes",
    "ot": "overtime",
    "timer": "time",
    "timers": "time",
    # how often, as policies say it ("per calendar year", "a week")
    "yearly": "year",
    "annually": "year",
    "weekly": "week",
    "tech": "technician",
    "techs": "technicians",
    "incl": "including",
    "excl": "excluding",
    "texting": "text",
    "texted": "text",
}

# Words a question uses where documents write others: days for "weekend" ("what does the policy
# say about weekends?" is answered by "... works 5 hours on Saturday ..."), "employee" for
# "technician", "submit" for "file".
_WRITTEN_AS = {
    "weekend": ("saturday", "sunday"),
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday"),
    # a technician is an employee: a rule for employees is a rule for technicians
    "technician": ("employee",),
    # handing in a form, as people ask it ("file a report")
    "file": ("submit", "submitted"),
    "lodge": ("submit", "submitted"),
    # when a form is due is when it must be submitted ("submitted by Monday 10:00")
    "due": ("submit", "submitted"),
    "deadline": ("submit", "submitted"),
    # a customer's job is the ticket an SLA measures
    "job": ("ticket",),
    # leave for a new father or mother is parental leave
    "paternity": ("parental",),
    "maternity": ("parental",),
}
# Irregular forms a word's letters do not show ("a rate is paid"): other forms of it.
_IRREGULAR = {
    "pay": ("paid",),
    "paid": ("pay",),
    "drove": ("drive", "driving"),
    "driven": ("drive", "driving"),
    "fell": ("fall", "falls"),
    "broke": ("break", "broken", "breakdown", "breakdowns"),
    "bought": ("buy", "purchase"),
}


# Words documents use in another sense too ("due care"): their written-as forms count as well.
_ALSO_WRITTEN_AS = frozenset(("due", "job"))


def names_the_same(asked: str, written: str) -> bool:
    """Whether a document's word answers for a question's word: a form of it, or a word
    documents write for it (a day it names, "submit" for "file")."""
    return variant_of(asked, written) or written in _WRITTEN_AS.get(asked, ())


def form_of(word: str, other: str) -> bool:
    """Whether two terms are forms of one word, irregular ones too ("drove" and "driving")."""
    return (
        other in _IRREGULAR.get(word, ())
        or word in _IRREGULAR.get(other, ())
        or variant_of(word, other)
    )


def variant_of(word: str, other: str) -> bool:
    """Whether two terms are forms of one word, which the plural-only stemming keeps apart:
    "complains" asks about a "complaint", "escalating" about "escalation"."""
    if word == other:
        return True
    short_word, long_word = sorted((word, other), key=len)
    if len(short_word) >= _SHORT_WORD and long_word in (f"{short_word}ing", f"{short_word}ed"):
        return True  # "test" and "testing": a stem too short to compare by its letters
    if short_word.endswith("e") and long_word == f"{short_word[:-1]}ing":
        return True  # "drive" and "driving"
    if short_word.endswith("x") and long_word in (f"{short_word}ing", f"{short_word}ed"):
        return True  # "fix" and "fixing": a final x is never doubled
    if long_word.endswith("ing") and len(long_word) - len(short_word) > _LONG_ENDING:
        return variant_of(short_word, long_word[:-3])  # "threatening" of "threaten", "threat"
    if len(short_word) >= _DOUBLING_WORD and long_word in _doubled(short_word):
        return True  # "cap" and "capped", "stop" and "stopping"
    shared = next(
        (i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b),
        min(len(word), len(other)),
    )
    short, long = sorted((len(word), len(other)))
    return (
        shared >= _VARIANT_STEM
        and short - shared <= _SHORT_ENDING
        and long - shared <= _LONG_ENDING
    )


# "don't", "doesn't", "can't", and the same typed without the apostrophe ("dont", "cant"): a
# verb and "not", both stop words, not the words "don", "doesn" or "cant".
_NEGATED_VERB = re.compile(
    r"\b(do|does|did|is|are|was|were|has|have|had|could|should|would|ca|wo)n[’']?t\b"
)
_NEGATED_BASE = {"ca": "can", "wo": "will"}


def _not(match: re.Match[str]) -> str:
    verb = match.group(1)
    return f"{_NEGATED_BASE.get(verb, verb)} not"


# "call-out", "hands-free": also written closed ("callout", "handsfree"), which is indexed
# beside the parts.
_HYPHENATED = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")


def _terms(text: str) -> list[str | None]:
    """Every word of `text` as `tokenize` has it, a stop word as None (it keeps its place)."""
    text = _NEGATED_VERB.sub(_not, text.lower())
    for phrase, written in _AS_POLICIES_WRITE:
        text = phrase.sub(written, text)
    # after the phrases, which may be hyphenated themselves ("sign-off")
    text = _HYPHENATED.sub(r"\g<0> \1\2", text)
    words = (_SPELLED_OUT.get(word, word) for word in _WORD.findall(text))
    return [None if word in STOP_WORDS else _stem(word) for word in words]


def tokenize(text: str) -> list[str]:
    """Lowercase alphanumeric words of `text`, without stop words, abbreviations written out,
    lightly stemmed."""
    return [term for term in _terms(text) if term is not None]


def word_pairs(text: str) -> list[tuple[str, str]]:
    """The pairs of neighbouring content words of `text` ("personal phone", "customer site";
    not "phone … customer" across "while on a")."""
    terms = _terms(text)
    return [
        (first, second)
        for first, second in pairwise(terms)
        if first is not None and second is not None
        if first not in QUESTION_FORM_WORDS and second not in QUESTION_FORM_WORDS
    ]


def title_terms(title: str) -> set[str]:
    """The words of a document title and its acronym ("Service Level Agreement" -> "sla"), which
    people use for the document as often as its name."""
    words = tokenize(title)
    acronym = "".join(word[0] for word in words)
    return {*words, acronym} if len(acronym) >= 3 else set(words)


# What kind of document a title names: "the expenses policy" names the Travel and Expenses
# Policy by one of its words and its kind.
_DOCUMENT_KINDS = {"policy", "guide", "procedure", "agreement", "handbook", "manual"}


def named_titles(question: str, titles: Iterable[str]) -> set[str]:
    """The documents a question names: a word of the title before the kind of document it is
    ("our expenses policy"), or the title's acronym ("the SLA")."""
    words = tokenize(question)
    pairs = set(pairwise(words))
    named = set()
    for title in titles:
        terms = title_terms(title)
        kinds = terms & _DOCUMENT_KINDS
        own = terms - _DOCUMENT_KINDS
        acronym = "".join(word[0] for word in tokenize(title))
        if any(a in own and b in kinds for a, b in pairs) or (
            len(acronym) >= 3 and acronym in words
        ):
            named.add(title)
    return named


def _idf(chunk_count: int, chunks_with_term: int) -> float:
    # Lucene's BM25 idf, always positive. Okapi's (rank_bm25's default) turns negative for terms
    # in over half the chunks, so on a one- or two-document index every score would be <= 0.
    return math.log(1 + (chunk_count - chunks_with_term + 0.5) / (chunks_with_term + 0.5))


_K1 = 1.5
_B = 0.75


class AnalyzedChunk(NamedTuple):
    """A chunk with its distinct terms, how often each occurs, and its length in terms.

    Plain tuples: analysed documents cross a process boundary, and tuples pickle many times
    faster than objects.
    """

    chunk: Chunk
    terms: tuple[str, ...]
    counts: tuple[int, ...]
    length: int


def analyze(chunk: Chunk) -> AnalyzedChunk:
    """Tokenize a chunk for the index; its title (with its acronym) and section count as text."""
    # Sorted: a set's order follows the process's hash seed, and a worker process must analyse
    # a document exactly as the server would.
    tokens = [*sorted(title_terms(chunk.title)), *tokenize(f"{chunk.section}\n{chunk.text}")]
    counted = Counter(tokens)
    return AnalyzedChunk(chunk, tuple(counted), tuple(counted.values()), len(tokens))


# Sentences end at a stop, a blank line, or a new list item or table row; Markdown wraps a
# sentence over several lines ("Timesheets for a\nweek are submitted").
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+|#>]|\d+[.)])\s)")


def _said_together(
    words: Iterable[str], forms: dict[str, tuple[str, ...]], entry: "_Entry"
) -> bool:
    """`SearchHit.together` of one chunk."""
    held = [word for word in words if any(form in entry.terms for form in forms[word])]
    if len(held) < 2:
        return True
    chunk = entry.chunk
    everywhere = {*title_terms(chunk.title), *tokenize(chunk.section)}
    for sentence in _SENTENCE_END.split(chunk.text):
        terms = everywhere | set(tokenize(sentence))
        if sum(any(form in terms for form in forms[word]) for word in held) >= 2:
            return True
    return False


_TABLE_ROW = re.compile(r"^\s*\|.*$", re.MULTILINE)
# How far apart two words of a phrase may be said ("customer's site" is "customer site").
_PHRASE_SPAN = 3


def _bound_elsewhere(
    first: set[str], second: set[str], asked: set[str], terms: list[str | None]
) -> bool:
    """Whether a text says the first word of a question's phrase only as part of phrases of
    its own: each time directly before another word the question does not use ("personal
    use of the van", "personal protective equipment" for "personal calls"), and never near
    the phrase's second word."""
    places = [i for i, term in enumerate(terms) if term in first]
    if not places:
        return False
    for i in places:
        near = terms[max(0, i - _PHRASE_SPAN) : i + _PHRASE_SPAN + 1]
        following = terms[i + 1] if i + 1 < len(terms) else None
        if any(term in second for term in near) or following is None or following in asked:
            return False
    return True


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A chunk matching a query: its BM25 score in units of one distinctive-term match, and its
    coverage, the share of the query's information (its words weighted by idf) it contains."""

    chunk: Chunk
    score: float
    coverage: float
    # Whether the chunk says two of the query's words it holds in one sentence (its title and
    # heading belong to every sentence), or holds fewer than two: "working" in one sentence and
    # "home" in the next do not speak of working from home.
    together: bool = True
    # Whether the chunk holds the query's rarest word that some chunk holds: a passage sharing
    # only its commoner words ("customer", "site") with "can I use my personal phone on a
    # customer site?" is about something else.
    distinctive: bool = True


@dataclass(frozen=True, slots=True)
class _Entry:
    chunk: Chunk
    length: int
    terms: tuple[str, ...]


class _Postings:
    """The chunks holding one term, as parallel arrays of chunk keys and term frequencies.

    Arrays keep a posting in 16 bytes where a dict entry takes about 100, and numpy scores them
    without a Python loop. A removed chunk's postings stay behind (its key is no longer live)
    until they outnumber the live ones.
    """

    __slots__ = ("frequencies", "keys", "live")

    def __init__(self) -> None:
        self.keys = array("q")
        self.frequencies = array("d")
        self.live = 0

    def arrays(
        self, alive: npt.NDArray[np.bool_]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The live keys and their frequencies."""
        keys = np.array(self.keys, dtype=np.int64)
        frequencies = np.array(self.frequencies, dtype=np.float64)
        if len(keys) == self.live:
            return keys, frequencies
        mask = alive[keys]
        return keys[mask], frequencies[mask]

    def compact(self, alive: npt.NDArray[np.bool_]) -> None:
        keys, frequencies = self.arrays(alive)
        self.keys = array("q", keys.tobytes())
        self.frequencies = array("d", frequencies.tobytes())


class Bm25Index:
    """A BM25 index over chunks, in index order (the order they were added)."""

    def __init__(self, chunks: Iterable[Chunk] = ()) -> None:
        self._entries: dict[int, _Entry] = {}
        self._documents: dict[str, list[int]] = {}
        # Chunk keys grow with each chunk added, so they keep index order; these two arrays are
        # indexed by key (a removed chunk keeps its slot, dead).
        self._lengths = array("d")
        self._alive = bytearray()
        self._postings: dict[str, _Postings] = {}
        # The terms by their first letters, to find the forms of a word the index lacks.
        self._stems: dict[str, set[str]] = {}
        self._total_length = 0
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
        key = len(self._lengths)
        self._lengths.append(analyzed.length)
        self._alive.append(1)
        self._entries[key] = _Entry(analyzed.chunk, analyzed.length, analyzed.terms)
        self._documents.setdefault(analyzed.chunk.doc_id, []).append(key)
        index = self._postings
        for term, frequency in zip(analyzed.terms, analyzed.counts, strict=True):
            postings = index.get(term)
            if postings is None:
                postings = index[term] = _Postings()
                self._stems.setdefault(term[:_VARIANT_STEM], set()).add(term)
            postings.keys.append(key)
            postings.frequencies.append(frequency)
            postings.live += 1
        self._total_length += analyzed.length

    def remove(self, doc_id: str, limit: int | None = None) -> bool:
        """Remove a document's chunks, at most `limit` of them; True once none is left."""
        keys = self._documents.get(doc_id, [])
        count = len(keys) if limit is None else min(limit, len(keys))
        for key in keys[:count]:
            entry = self._entries.pop(key)
            self._alive[key] = 0
            self._total_length -= entry.length
            for term in entry.terms:
                postings = self._postings[term]
                postings.live -= 1
                if not postings.live:
                    del self._postings[term]
                    self._stems[term[:_VARIANT_STEM]].discard(term)
                elif len(postings.keys) > 2 * postings.live:
                    postings.compact(self._alive_array())
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
        forms = {word: self._forms(word) for word in words}
        terms = [term for word in words for term in forms[word]]
        if not terms or k <= 0 or self._total_length == 0:
            return []
        count = len(self._entries)
        average_length = self._total_length / count
        lengths = np.array(self._lengths, dtype=np.float64)
        alive = self._alive_array()
        scores = np.zeros(len(lengths))
        # A repeated query word counts each time, as in rank_bm25 (same operations, same order).
        for term in terms:
            postings = self._postings[term]
            keys, frequencies = postings.arrays(alive)
            scores[keys] += _idf(count, postings.live) * (
                frequencies
                * (_K1 + 1)
                / (frequencies + _K1 * (1 - _B + _B * lengths[keys] / average_length))
            )
        candidates = np.flatnonzero(scores > 0)
        normalized = scores[candidates] / _idf(count, 1)
        best = np.lexsort((candidates, -normalized))[:k]
        weights = self._information(forms)
        # any form of the rarest word shows what the chunk is about: "escalated" asks about a
        # passage that says "escalate"
        rarest = self._with_variants(self._rarest(weights, forms))
        hits = []
        for key, score in zip(candidates[best].tolist(), normalized[best].tolist(), strict=True):
            if score > min_score:
                entry = self._entries[key]
                coverage = self._coverage(weights, forms, entry)
                together = _said_together(weights.keys(), forms, entry)
                distinctive = not rarest or any(f in entry.terms for f in rarest)
                hits.append(SearchHit(entry.chunk, score, coverage, together, distinctive))
        return hits

    def other_sections_named(self, query: str, chunk: Chunk) -> list[str]:
        """The query's words that `chunk` lacks and that head another section of its document:
        "sick" of "can sick days be carried over" for the vacation passage of a leave policy
        with a "Sick leave" section. The question is about that section, not this one. A chunk
        holding the query's rarest word is about it, unless that word heads the other section:
        "priority" of "service credit if we miss a high priority response" does not make the
        service credits passage one about priorities."""
        keys = self._documents.get(chunk.doc_id, [])
        own = next((self._entries[k] for k in keys if self._entries[k].chunk is chunk), None)
        if own is None:
            return []
        query_forms = {word: self._forms(word) for word in tokenize(query)}
        rarest = self._rarest(self._information(query_forms), query_forms)
        holds_rarest = any(form in own.terms for form in rarest)
        headings = {
            term
            for k in keys
            if self._entries[k].chunk.section != chunk.section
            for term in tokenize(self._entries[k].chunk.section)
        }
        found = []
        for word, forms in query_forms.items():
            if word in QUESTION_FORM_WORDS or any(f in own.terms for f in forms):
                continue
            if holds_rarest and not rarest.intersection(forms):
                continue
            if any(f in headings for f in forms):
                found.append(word)
        return found

    def says_phrases(self, question: str, chunk: Chunk) -> bool:
        """Whether `chunk` may speak of the question's two-word phrases (`word_pairs`) that
        start with its rarest word: it does not when it holds both words but says the first
        only in phrases of its own ("personal use of the van" and an "on-call rota" are not
        "personal calls"). A chunk lacking a word of a phrase does not contradict it."""
        held = set(_terms(chunk.text))
        # A table's headings name its columns, not phrases ("Standard response" is the
        # response for a standard customer): only its prose says words as phrases.
        terms = _terms(_TABLE_ROW.sub(" ", chunk.text))
        forms = {word: self._forms(word) for word in tokenize(question)}
        asked = {form for word_forms in forms.values() for form in word_forms}
        rarest = self._rarest(self._information(forms), forms)
        for pair in word_pairs(question):
            first, second = (set(self._forms(word)) & held for word in pair)
            if first & rarest and second and _bound_elsewhere(first, second, asked, terms):
                return False
        return True

    def unknown_words(self, query: str, doc_id: str | None = None) -> list[str]:
        """The query's content words that no passage (of document `doc_id`, when given) holds in
        any form: what the query asks about may be in no document at all ("resigning"), or not
        in the one that would answer ("do subcontractors get a tool allowance?" of a tool
        allowance policy that never names them). Numbers are the asker's case."""
        entries = [self._entries[k] for k in self._documents.get(doc_id, [])] if doc_id else None

        def held(word: str) -> bool:
            forms = self._forms(word)
            if entries is None:
                return bool(forms)
            # "approve" of a policy that writes "approval"
            written = self._with_variants(set(forms))
            return any(f in e.terms for e in entries for f in written)

        return [
            word
            for word in dict.fromkeys(tokenize(query))
            if word not in QUESTION_FORM_WORDS and not any(c.isdigit() for c in word)
            if not held(word)
        ]

    def _forms(self, word: str) -> tuple[str, ...]:
        """The word as the index has it: itself, or, when no chunk holds it, its other forms or
        the days it names ("weekend": "saturday", "sunday")."""
        if word in _WRITTEN_AS:
            written = (word, *_WRITTEN_AS[word]) if word in _ALSO_WRITTEN_AS else _WRITTEN_AS[word]
            found = tuple(form for form in written if form in self._postings)
            if word not in self._postings or word in _ALSO_WRITTEN_AS:
                return found
        if word in self._postings:
            return (word,)
        return tuple(sorted(self._variants(word)))

    def _variants(self, word: str) -> set[str]:
        """The indexed terms that are other forms of `word` ("escalated": "escalate"; "cap":
        "capped"; "pay": "paid")."""
        if len(word) < _VARIANT_STEM:
            candidates: Iterable[str] = (f"{word}ing", f"{word}ed", *_doubled(word))
        else:
            candidates = self._stems.get(word[:_VARIANT_STEM], ())
        found = {
            term
            for term in candidates
            if term != word and term in self._postings and variant_of(word, term)
        }
        return found | {term for term in _IRREGULAR.get(word, ()) if term in self._postings}

    def _alive_array(self) -> npt.NDArray[np.bool_]:
        return np.frombuffer(bytes(self._alive), dtype=np.bool_)

    def _information(self, forms: dict[str, tuple[str, ...]]) -> dict[str, float]:
        """Each content word of a query with its idf (that of its commonest form); a word no
        chunk contains weighs as much as one found in a single chunk, since it is as
        distinctive of what the query asks."""
        count = len(self._entries)
        return {
            word: _idf(count, max((self._chunks_with(form) for form in forms[word]), default=1))
            for word in set(forms) - QUESTION_FORM_WORDS
        }

    def _rarest(self, weights: dict[str, float], forms: dict[str, tuple[str, ...]]) -> set[str]:
        """The forms of the query's content words that the fewest chunks hold, among those some
        chunk holds (empty when none does)."""
        held = {
            word: weight
            for word, weight in weights.items()
            if forms[word] and word not in _PERMISSION_WORDS
        }
        if not held:
            return set()
        top = max(held.values())
        return {form for word, weight in held.items() if weight == top for form in forms[word]}

    def _with_variants(self, terms: set[str]) -> set[str]:
        """`terms` and the indexed terms that are other forms of them."""
        return terms.union(*(self._variants(term) for term in terms))

    def _chunks_with(self, term: str) -> int:
        postings = self._postings.get(term)
        return postings.live if postings is not None else 0

    @staticmethod
    def _coverage(
        weights: dict[str, float], forms: dict[str, tuple[str, ...]], entry: _Entry
    ) -> float:
        total = sum(weights.values())
        found = sum(
            weight
            for word, weight in weights.items()
            if any(form in entry.terms for form in forms[word])
        )
        return found / total if total else 0.0
