"""Word-level tokenization used to stream composed text the way a model streams tokens."""

import re

_TOKEN = re.compile(r"\s*\S+|\s+$")


def split_tokens(text: str) -> list[str]:
    """Split text into tokens that each carry their leading whitespace ("There", " are", " 10")."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    """An approximate token count (whitespace-separated words) for usage accounting."""
    return len(text.split())


def well_formed(text: str) -> str:
    """`text` with UTF-16 surrogate halves joined into their characters and a lone half
    replaced by U+FFFD.

    A model that streams UTF-16 (JSON escapes) may split a pair between two pieces; each piece
    then holds a half, which has no UTF-8 form, so a database would refuse the answer.
    """
    if text.isascii():
        return text
    try:
        text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text
