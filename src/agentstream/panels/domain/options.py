"""The options a question names ("De Novo or 510(k)?"), when the request gives none.

Deliberately conservative: a question is a proposition to support or oppose unless its last
clause offers exactly two short alternatives joined by "or" ("…or not?" offers none).
"""

import re

MAX_OPTION_WORDS = 4
# Words that frame a choice without being part of it: the question's verbs and articles.
_FRAME = frozenset((
    "should", "shall", "would", "could", "can", "we", "i", "you", "our", "us", "it", "is",
    "are", "be", "better", "best", "to", "file", "choose", "use", "take", "pick", "adopt",
    "go", "with", "prefer", "select", "between", "which", "what", "whether", "do", "does",
    "a", "an", "the",
))  # fmt: skip
# Words after which the second option is over ("…De Novo for the new monitor").
_AFTER = frozenset((
    "for", "to", "in", "on", "at", "by", "with", "before", "after", "this", "that", "next",
    "now", "first", "instead", "than", "when", "if",
))  # fmt: skip
_NOT_AN_OPTION = frozenset(("not", "no", "otherwise", "neither", "else"))
_ARTICLES = frozenset(("a", "an", "the"))


def detect_options(query: str) -> tuple[str, ...]:
    """The two alternatives the question's last clause offers, else ()."""
    clause = re.split(r"[:;,]\s+", query.strip().rstrip("?!. ").strip())[-1]
    parts = re.split(r"\s+or\s+", clause, flags=re.IGNORECASE)
    if len(parts) != 2:
        return ()
    first: list[str] = []
    for word in reversed(parts[0].split()):
        if word.lower() in _FRAME:
            break
        first.insert(0, word)
    words = parts[1].split()
    while words and words[0].lower() in _ARTICLES:
        words.pop(0)
    second: list[str] = []
    for word in words:
        if word.lower() in _AFTER:
            break
        second.append(word)
    if not first or not second or second[0].lower() in _NOT_AN_OPTION:
        return ()
    if len(first) > MAX_OPTION_WORDS or len(second) > MAX_OPTION_WORDS:
        return ()
    options = (" ".join(first), " ".join(second))
    return options if options[0].casefold() != options[1].casefold() else ()
