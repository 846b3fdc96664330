"""Questions that ask for figures ("How many subjects …?", "how much would that cost?", "How
long does a De Novo take?"): their answer is a number the experts' documents state, not a side
to take, so a panel answers them with the figures found and their sources instead of a vote.

Plain Python: the framing and the recommendation (panels) and the offline experts read a
question the same way.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Measure(StrEnum):
    """What kind of figure a question asks for."""

    COUNT = "count"  # how many of something ("subjects", "overtime hours")
    MONEY = "money"  # what something costs
    DURATION = "duration"  # how long something takes, or how often it comes


@dataclass(frozen=True, slots=True)
class Asked:
    """One figure a question asks for: its measure, for a count the words of what is counted,
    as the question writes them, and what the figure is of: the words of its clause besides
    the asking ones ("a Pre-Submission" of "how much does a Pre-Submission cost"; "" for
    "how much should we budget for it", whose subject the rest of the question names)."""

    measure: Measure
    counted: tuple[str, ...] = ()
    about: str = ""


# How a panel frames a question that asks for figures: the proposition nobody votes on.
FIGURES_LEAD = "the figures the experts' documents state for: "
# Words that end the name of what "how many" counts ("how many subjects SHOULD …").
_AFTER_COUNTED = frozenset((
    "should", "shall", "can", "could", "do", "does", "did", "will", "would", "must", "may",
    "might", "are", "is", "were", "was", "we", "our", "you", "they", "i", "a", "an", "the",
    "per", "in", "of", "for", "to", "across", "each", "every", "at", "on", "does", "it",
    # the next figure asked: "how many patients AND how many sites"
    "and", "or", "how", "what", "which",
))  # fmt: skip
_MAX_COUNTED_WORDS = 3
# Words of a count that say it is more of something, not what it counts ("how many EXTRA
# hours"): documents state the hours.
_MORE = frozenset(("extra", "additional", "more", "further", "new"))
# What a count may be of that is the counted thing itself: "hours of capacity" and "hours of
# work" are hours, as "hours of rest" are not.
_ITSELF = frozenset(("capacity", "work", "labour", "labor", "time"))
_MONEY_WORDS = r"(?:cost|costs|budget|pay|spend|charge|price|fee|fees|money)"
# What is owed is a sum of money too: "how much service credit do we owe them?"
_OWED_WORDS = r"(?:owe|owed|owing|credit|credits|refund|refunds|compensation|penalty|penalties)"
_COUNT = re.compile(
    r"\bhow\s+(?:many|much)\s+([\w()'-]+(?:\s+(?!how\b)[\w()'-]+){0,5})", re.IGNORECASE
)
_MONEY = re.compile(
    rf"\bhow\s+much\b[^,;?]*\b(?:{_MONEY_WORDS}|{_OWED_WORDS})\b"
    r"|\bhow\s+much\s+(?:money|budget)\b"
    rf"|\bwhat\s+(?:does|do|did|will|would|could|might|is|are)\b[^,;?]*\bcost\b"
    rf"|\bwhat(?:'s|\s+is|\s+are|\s+would\s+be|\s+will\s+be)\s+the\s+{_MONEY_WORDS}\b"
    # "What budget and timeline should we plan …?"
    r"|\bwhat\s+(?:budget|cost|costs|price)\b",
    re.IGNORECASE,
)
_TIMELINE = r"(?:timeline|timelines|timeframe|time\s+frame|schedule)"
_DURATION = re.compile(
    rf"\bhow\s+(?:long|soon|often)\b|\bhow\s+much\s+time\b|\b{_TIMELINE}\b", re.IGNORECASE
)
# A question that asks for figures opens its asking sentence with one of these.
_OPENING = re.compile(
    # after a hedge or a link: "Roughly what budget …", "So how long …"
    r"^\W*(?:(?:roughly|approximately|about|around|ballpark|so|ok|okay|and|then)\b[,\s]*)*"
    r"(?:how\s+(?:many|much|long|soon|often)\b|what\s+(?:does|do|did|will|would|could|"
    r"might)\b[^,;?]*\bcost\b|what(?:'s|\s+is|\s+are|\s+would\s+be|\s+will\s+be)\s+the\s+"
    rf"{_MONEY_WORDS}\b|what\s+(?:budget|cost|costs|price|{_TIMELINE})\b)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.?!:])\s+")
# The words that ask for a figure, which say nothing of what it is of.
_ASKING = re.compile(
    rf"\b(?:how\s+(?:many|much|long|soon|often)|what|and|{_MONEY_WORDS}|{_TIMELINE}|per"
    # what one does with a budget: "what budget should we set aside"
    r"|set\s+aside|put\s+aside|allocate|reserve|roughly|approximately)\b",
    re.IGNORECASE,
)


# A case put before what a sentence asks: "If FDA asks for clinical data, how long …?"
_LEADING_CASE = re.compile(
    r"^\W*(?:if|once|when|whenever|assuming|supposing|suppose|given that|after|before|in case)"
    r"\b[^,?]*,\s*",
    re.IGNORECASE,
)


def asking_sentence(question: str) -> str:
    """The sentence of a question that asks: its last one ending in "?", else its last."""
    sentences = [s for s in _SENTENCE.split(question.strip()) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return (asking or sentences or [""])[-1]


def asking_clause(question: str) -> str:
    """What the asking sentence asks, without the case it puts first ("If FDA tells us it
    wants clinical data, how long will it take …?" asks how long it will take)."""
    return _LEADING_CASE.sub("", asking_sentence(question), count=1)


def figures_asked(question: str) -> tuple[Asked, ...]:
    """The figures a question asks for, in order; () when it does not open its asking sentence
    with one ("Should we add overtime, and how much would it cost?" proposes something, and
    its vote stays)."""
    sentence = asking_clause(question)
    if _OPENING.match(sentence) is None:
        return ()
    found: list[tuple[int, Measure, tuple[str, ...]]] = []
    money = [match.start() for match in _MONEY.finditer(sentence)]
    found += [(start, Measure.MONEY, ()) for start in money]
    found += [(match.start(), Measure.DURATION, ()) for match in _DURATION.finditer(sentence)]
    for match in _COUNT.finditer(sentence):
        counted = _counted(match.group(1))
        if counted and match.start() not in money:
            found.append((match.start(), Measure.COUNT, counted))
    found.sort(key=lambda entry: entry[0])
    # Each figure is of what its own clause names, up to where the next figure is asked.
    ends = [start for start, *_ in found[1:]] + [len(sentence)]
    return tuple(
        dict.fromkeys(
            Asked(measure, counted, without_asking(sentence[start:end]))
            for (start, measure, counted), end in zip(found, ends, strict=True)
        )
    )


def without_asking(text: str) -> str:
    """A text without the words that ask for a figure ("how long", "what … cost"): what the
    figures it asks for are of."""
    return " ".join(_ASKING.sub(" ", text).split())


def _counted(words: str) -> tuple[str, ...]:
    """The name of what "how many" counts: its words up to the verb or article after it, at
    most three besides "of", which joins two ("hours of rest"), and never the last: "how many
    extra hours of capacity would it add" counts extra hours of capacity."""
    counted: list[str] = []
    split = words.split()
    for index, word in enumerate(split):
        lower = word.lower()
        if lower == "of" and counted and index + 1 < len(split):
            counted.append(word)  # "hours of rest" counts rest
            continue
        named = [w for w in counted if w.lower() != "of"]
        if lower in _AFTER_COUNTED or lower == "time" or len(named) >= _MAX_COUNTED_WORDS:
            break
        counted.append(word)
    while counted and counted[-1].lower() == "of":
        counted.pop()
    return tuple(counted)


def counted_parts(counted: Sequence[str]) -> tuple[list[str], list[str]]:
    """The words of a count that name what a figure counts ("overtime hours"), without those
    that only say it is more ("extra"), and those of what it is counted of ("rest" of "hours
    of rest"; none of "hours of capacity", which are hours)."""
    lowered = [word.lower() for word in counted]
    cut = lowered.index("of") if "of" in lowered else len(lowered)
    of = [w for w in lowered[cut + 1 :] if w not in _ITSELF]
    return [w for w in lowered[:cut] if w not in _MORE], of


def asks_for_figures(question: str) -> bool:
    """Whether a question asks for figures rather than for a side."""
    return bool(figures_asked(question))


def figures_proposition(question: str) -> str:
    """The framing of a question that asks for figures: what the panel answers, with no side
    to take."""
    return f"{FIGURES_LEAD}{question.strip()}"


def is_figures_framing(proposition: str | None) -> bool:
    """Whether a panel's proposition is the framing of a question that asks for figures."""
    return proposition is not None and proposition.startswith(FIGURES_LEAD)
