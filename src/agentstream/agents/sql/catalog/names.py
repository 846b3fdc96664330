"""Proper names in a question: the technician or customer it is about.

Names are not looked up at planning time (the planner has no database); they are recognised by
shape — a run of capitalised words the vocabulary does not know, or the words after a cue such
as "technician" or "about" — and matched in SQL with a case-insensitive LIKE.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

TECHNICIAN, CUSTOMER = "technician", "customer"

_TOKEN = re.compile(r"[A-Za-z0-9][\w.&'\u2019-]*|&")
# Words that may sit inside a name without being capitalised ("Bluewater Hotel & Spa").
_CONNECTORS = frozenset({"&", "of", "de", "del", "da", "van", "von", "la", "le"})
# Words after which a name may follow in a lower-case question, with the role they imply.
_CUES = {
    "technician": TECHNICIAN,
    "tech": TECHNICIAN,
    "engineer": TECHNICIAN,
    "customer": CUSTOMER,
    "client": CUSTOMER,
    "about": None,
    "named": None,
    "called": None,
}
# Weaker cues ("what skills does maria lopez have"): only a full name of two or more words is
# taken after them, so that an unknown single word is not mistaken for a name.
_WEAK_CUES = frozenset({"does", "did", "is", "has", "for", "of", "by"})
# Mentions that only make sense for a person on the payroll.
_TECHNICIAN_TOPICS = re.compile(
    r"\b(skills?|skilled|certifi\w*|hours?|overtime|timesheets?|hourly|rate|wage|workload"
    r"|working on|assigned to|hired?|email|busy)\b"
)


@dataclass(frozen=True)
class Name:
    """A name found in a question, the words it spans and whom it probably designates."""

    text: str
    words: tuple[str, ...]
    role: str | None

    @property
    def like_pattern(self) -> str:
        """A LIKE pattern that tolerates punctuation and spacing differences between words."""
        parts = (re.sub(r"[%_\\.,]", "", word.lower()) for word in self.words)
        return "%" + "%".join(part for part in parts if part) + "%"


def _clean(token: str) -> str:
    return token.rstrip(".,;:!?").replace("\u2019", "'")


def _strip_possessive(words: list[str]) -> list[str]:
    if words and words[-1].lower().endswith("'s"):
        words[-1] = words[-1][:-2]
    return [word for word in words if word]


def find_name(question: str, is_known: Callable[[str], bool]) -> Name | None:
    """Return the first name in `question`; `is_known` tells vocabulary words from names."""
    tokens = [_clean(t) for t in _TOKEN.findall(question)]
    words = _capitalised_run(tokens, is_known) or _after_cue(tokens, is_known)
    if not words:
        return None
    text = " ".join(words)
    return Name(text=text, words=tuple(words), role=_role(question, tokens, words))


def _capitalised_run(tokens: list[str], is_known: Callable[[str], bool]) -> list[str]:
    run: list[str] = []
    for token in tokens:
        lowered = token.lower()
        bare = lowered.removesuffix("'s")
        if (token[:1].isupper() and not is_known(bare)) or (run and lowered in _CONNECTORS):
            run.append(token)
        elif run:
            break
    while run and run[-1].lower() in _CONNECTORS:
        run.pop()
    return _strip_possessive(run)


def _after_cue(tokens: list[str], is_known: Callable[[str], bool]) -> list[str]:
    for index, token in enumerate(tokens):
        cue = token.lower()
        if cue not in _CUES and cue not in _WEAK_CUES:
            continue
        run: list[str] = []
        for word in tokens[index + 1 : index + 6]:
            if is_known(word.lower().removesuffix("'s")):
                break
            run.append(word)
        if len(run) >= (2 if cue in _WEAK_CUES else 1):
            return _strip_possessive(run)
    return []


def _role(question: str, tokens: list[str], words: list[str]) -> str | None:
    lowered = [t.lower() for t in tokens]
    start = next((i for i, t in enumerate(tokens) if t.removesuffix("'s") == words[0]), 0)
    if start and (role := _CUES.get(lowered[start - 1])):
        return role
    if _TECHNICIAN_TOPICS.search(question.lower()):
        return TECHNICIAN
    return None
